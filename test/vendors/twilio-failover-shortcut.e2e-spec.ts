import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import {
  startTwilioScenarioServer,
  type TwilioScenarioServer,
} from '../support/twilio-scenario.server';
import { ACCOUNT_A, ACCOUNT_B, TOKEN_A, TOKEN_B, FROM, TO } from './twilio-scenario-fixtures';

describe('fail-over between two Twilio accounts through the HTTP API', () => {
  let twilio: TwilioScenarioServer;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    twilio = await startTwilioScenarioServer();
    const account = (id: string, accountSid: string, authToken: string) => ({
      id,
      type: 'twilio',
      accountSid,
      authToken,
      from: FROM,
      apiBaseUrl: twilio.baseUrl,
      maxAttempts: 2,
      retryBaseMs: 20,
      retryMaxMs: 40,
      circuitFailures: 50,
    });
    t = await startApp(
      {},
      {
        PROVIDERS: JSON.stringify({
          sms: [account('twilio-a', ACCOUNT_A, TOKEN_A), account('twilio-b', ACCOUNT_B, TOKEN_B)],
        }),
      },
    );
    key = (await appWithKey(t, { name: 'fail-over' })).key;
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });
  beforeEach(() => {
    twilio.reset();
  });

  const sendAndSettle = async () => {
    const accepted = await t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', key)
      .send({ to: TO, body: 'fail-over' })
      .expect(202);
    const settled = await eventually(
      () => t.http.get(`/api/v1/messages/${accepted.body.messageId}`).set('x-api-key', key),
      (res) => res.status === 200 && ['SENT', 'FAILED', 'UNDELIVERABLE'].includes(res.body.status),
      'the message to settle',
    );
    return settled.body;
  };

  it('moves on to the second account at once when the first answers 20003', async () => {
    twilio.script({ kind: 'error', code: 20003, accountSid: ACCOUNT_A });
    const sent = await sendAndSettle();
    expect(sent.status).toBe('SENT');
    const accepted = twilio.requests.find((r) => r.accountSid === ACCOUNT_B);
    expect(sent.attempts).toEqual([
      expect.objectContaining({
        provider: 'twilio-a',
        status: 'RETRYING',
        errorCategory: 'AUTH_ERROR',
        errorMessage: expect.stringContaining('Twilio 20003'),
      }),
      expect.objectContaining({
        provider: 'twilio-b',
        status: 'SENT',
        providerMessageId: accepted?.sid,
      }),
    ]);
    expect(twilio.requests.map((r) => [r.accountSid, r.password])).toEqual([
      [ACCOUNT_A, TOKEN_A],
      [ACCOUNT_B, TOKEN_B],
    ]);
  });

  it('retries the first account on 500s, then fails over', async () => {
    twilio.script(
      { kind: 'status', status: 500, accountSid: ACCOUNT_A },
      { kind: 'status', status: 500, accountSid: ACCOUNT_A },
    );
    const sent = await sendAndSettle();
    expect(sent.status).toBe('SENT');
    expect(
      sent.attempts.map((a: { provider: string; errorCategory?: string }) => [
        a.provider,
        a.errorCategory,
      ]),
    ).toEqual([
      ['twilio-a', 'PROVIDER_OUTAGE'],
      ['twilio-a', 'PROVIDER_OUTAGE'],
      ['twilio-b', undefined],
    ]);
  });

  it('stops at a recipient error without trying the second account', async () => {
    twilio.script({ kind: 'error', code: 21610, accountSid: ACCOUNT_A });
    const refused = await sendAndSettle();
    expect(refused.status).toBe('UNDELIVERABLE');
    expect(refused.attempts).toHaveLength(1);
    expect(twilio.requests.map((r) => r.accountSid)).toEqual([ACCOUNT_A]);
  });

  it('shows both Twilio providers and their circuits in /health', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.sms).toEqual({
      configured: true,
      providers: [
        { id: 'twilio-a', type: 'twilio', circuit: 'closed' },
        { id: 'twilio-b', type: 'twilio', circuit: 'closed' },
      ],
      // The failures of the scenarios above, newest first.
      errors: ['INVALID_RECIPIENT', 'PROVIDER_OUTAGE', 'PROVIDER_OUTAGE', 'AUTH_ERROR'].map(
        (category) => expect.objectContaining({ provider: 'twilio-a', category }),
      ),
      totalErrors: 4,
    });
  });
});

describe('the TWILIO_* shortcut', () => {
  let t: TestApp;
  const env = {
    TWILIO_ACCOUNT_SID: ACCOUNT_A,
    TWILIO_AUTH_TOKEN: TOKEN_A,
    TWILIO_FROM: FROM,
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
  };

  beforeAll(async () => {
    t = await startApp({}, env);
  });
  afterAll(async () => {
    await t.close();
  });

  it('configures twilio-sms, twilio-whatsapp and twilio-voice, shown in /health', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    for (const channel of ['sms', 'whatsapp', 'voice']) {
      expect(health.body.channels[channel]).toEqual({
        configured: true,
        providers: [{ id: `twilio-${channel}`, type: 'twilio', circuit: 'closed' }],
        errors: [],
        totalErrors: 0,
      });
    }
    expect(health.body.channels.email.providers).toEqual([
      { id: 'sandbox-email', type: 'sandbox', circuit: 'closed' },
    ]);
  });

  it('shows on /status which Twilio settings are present, never their values', async () => {
    const status = await t.http.get('/api/v1/status').set(bearer(adminToken())).expect(200);
    expect(status.body.providers.twilio).toEqual({
      accountSid: true,
      authToken: true,
      from: true,
      apiBaseUrl: true,
    });
    const text = JSON.stringify(status.body);
    const { TWILIO_FROM: from, ...secrets } = env;
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    // The sender is no secret: it is shown as each channel's default sender, and nowhere else.
    for (const channel of ['sms', 'whatsapp', 'voice'])
      expect(status.body.channels[channel].senders).toEqual({ [`twilio-${channel}`]: { from } });
  });
});
