import { type RunningPrism, startPrism } from '../support/prism';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { seedRequests } from './seed-requests';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
/** The SID of the example message in Twilio's description, which Prism answers with. */
const EXAMPLE_MESSAGE_SID = 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const [PUT_SMS] = seedRequests('004');

describe("the Disposition Gateway's SMS tasks through Twilio (Prism, Twilio's description)", () => {
  let prism: RunningPrism;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    prism = await startPrism();
    const providers = {
      sms: [
        {
          id: 'twilio-prism',
          type: 'twilio',
          accountSid: ACCOUNT_SID,
          authToken: 'dialect-auth-token',
          from: '+14155550199',
          apiBaseUrl: prism.baseUrl,
        },
      ],
    };
    t = await startApp(
      {},
      { OUTBOUND_ALLOW_PRIVATE: 'true', PROVIDERS: JSON.stringify(providers) },
    );
    ({ key } = await appWithKey(t, { name: 'dgapi-twilio' }));
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await prism.stop();
  });

  it("sends the seed's SMS example to Twilio's Messages API and reads it back as sent", async () => {
    const before = prism.requests.length;
    const created = await t.http
      .put(PUT_SMS.path)
      .set({ ...PUT_SMS.headers, authorization: `Bearer ${key}` })
      .send(PUT_SMS.body as object)
      .expect(201);
    const id = (created.body as { data: { task_id: string } }).data.task_id;
    const record = await eventually(
      async () =>
        (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body as {
          status: string;
          providerMessageIds: string[];
        },
      (read) => read.status === 'SENT',
      'the message SENT through Twilio',
    );
    expect(record.providerMessageIds).toEqual([EXAMPLE_MESSAGE_SID]);
    const request = prism.requests[before];
    expect(request.status).toBe(201);
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    const body = PUT_SMS.body as { to: string; from: string; message: string };
    expect(request.form.get('To')).toBe(body.to);
    expect(request.form.get('From')).toBe(body.from);
    expect(request.form.get('Body')).toBe(body.message);

    const own = await t.http
      .get(`/sms/${id}?include=delivery_log`)
      .set('authorization', `Bearer ${key}`)
      .expect(200);
    expect(own.body.data).toMatchObject({
      task_id: id,
      entity: 'campaign_12345',
      state: 'completed',
      delivery_status: 'sent',
      sent_at: expect.any(String),
    });
    const log = own.body.data.delivery_log as { status: string }[];
    expect(log.map((line) => line.status)).toEqual(['queued', 'sent']);
  });
});
