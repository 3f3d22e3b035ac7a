import { startApp, type TestApp } from '../harness/test-app';
import { type RunningPrism, startPrism } from '../support/prism';
import { curlExamples } from './seed-examples';
import { SEED, EXAMPLES, ANSWERS, DETAIL, newKey } from './comms-examples';

describe('the comms dialect with a failing email provider and no SMS or voice provider', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    const providers = { email: [{ id: 'refusing', type: 'scripted', fail: 'INVALID_RECIPIENT' }] };
    t = await startApp({ scripted: true }, { PROVIDERS: JSON.stringify(providers) });
    key = await newKey(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 502 when the provider refuses the email, and the record says why', async () => {
    const [email] = curlExamples(SEED);
    const res = await t.http.post(email.path).set('x-api-key', key).send(email.body).expect(502);
    expect(res.body).toStrictEqual(DETAIL);
    const [failed] = (
      await t.http.get('/api/v1/messages?channel=email').set('x-api-key', key).expect(200)
    ).body.data as { status: string }[];
    expect(failed.status).toBe('UNDELIVERABLE');
  });

  it('answers 503 for SMS and calls, which have no provider', async () => {
    for (const example of curlExamples(SEED).slice(1)) {
      const res = await t.http.post(example.path).set('x-api-key', key).send(example.body);
      expect([example.path, res.status, res.body]).toEqual([example.path, 503, DETAIL]);
    }
  });

  it("shows the provider's failure and the unconfigured channels in health", async () => {
    const res = await t.http.get('/api/v1/comms/health').expect(200);
    expect(res.body.channels.sms).toStrictEqual({ configured: false, provider: null, errors: [] });
    expect(res.body.channels.email).toStrictEqual({
      configured: true,
      provider: 'scripted',
      errors: [
        {
          at: expect.any(String),
          provider: 'refusing',
          category: 'INVALID_RECIPIENT',
          message: expect.any(String),
        },
      ],
    });
    expect(res.body).toMatchObject({ status: 'healthy', total_errors: 1 });
  });
});

describe("the comms dialect's SMS and calls through Twilio (Prism with Twilio's description)", () => {
  const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
  const FROM = '+14155550199';
  let prism: RunningPrism;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    prism = await startPrism();
    const twilio = (channel: string) => ({
      id: `twilio-${channel}`,
      type: 'twilio',
      accountSid: ACCOUNT_SID,
      authToken: 'comms-auth-token',
      from: FROM,
      apiBaseUrl: prism.baseUrl,
    });
    const providers = { sms: [twilio('sms')], voice: [twilio('voice')] };
    t = await startApp({}, { PROVIDERS: JSON.stringify(providers) });
    key = await newKey(t);
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await prism.stop();
  });

  const twilioExamples = EXAMPLES.filter(({ path }) => !path.endsWith('/email/send'));

  it.each(twilioExamples.map((example) => [example.name, example] as const))(
    'sends the example %s to Twilio and answers 200 in the documented shape',
    async (_name, example) => {
      const before = prism.requests.length;
      const res = await t.http.post(example.path).set('x-api-key', key).send(example.body);
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual(ANSWERS[example.path]);
      const [request] = prism.requests.slice(before);
      expect(request.status).toBe(201);
      expect(request.form.get('To')).toBe(example.body?.to);
      const call = example.path.endsWith('/call/make');
      expect(request.path).toBe(
        `/2010-04-01/Accounts/${ACCOUNT_SID}/${call ? 'Calls' : 'Messages'}.json`,
      );
      if (call) expect(request.form.get('Url')).toBe(example.body?.twiml_url);
      else expect(request.form.get('Body')).toBe(example.body?.body);
    },
  );

  it('reports the Twilio settings on status, never their values', async () => {
    const res = await t.http.get('/api/v1/comms/status').set('x-api-key', key).expect(200);
    expect(res.body.sms).toStrictEqual({
      configured: true,
      account_sid_set: true,
      auth_token_set: true,
      phone_number_set: true,
      phone_number: FROM,
    });
    expect(JSON.stringify(res.body)).not.toContain('comms-auth-token');
  });
});
