import { adminToken, appWithKey, bearer, startApp, type TestApp, token } from '../harness/test-app';

const PROVIDERS = JSON.stringify({ email: [{ id: 'email-box', type: 'sandbox' }] });
const SUPPRESSED = 'held@example.com';

/**
 * A send that waits for its outcome, to an address on the app's suppression list: the gateway
 * itself refuses it before any provider, so the answer is the caller's 422, not a provider's 5xx,
 * on the API and on the dialects that wait (comms, fluxkit).
 */
describe('a waited send to a suppressed address', () => {
  let t: TestApp;
  let appId: string;
  let key: string;
  const admin = bearer(adminToken());

  beforeAll(async () => {
    t = await startApp({}, { PROVIDERS });
    ({ appId, key } = await appWithKey(t, { name: 'holding', rateLimitPerMinute: 100000 }));
    await t.http
      .post('/api/v1/suppressions')
      .set(admin)
      .send({ appId, address: SUPPRESSED, detail: 'legal hold' })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const email = { to: SUPPRESSED, subject: 'Hi', text: 'Hello' };

  it('is 422 RECIPIENT_SUPPRESSED with Prefer: wait, the same again for its Idempotency-Key', async () => {
    const send = () =>
      t.http
        .post('/api/v1/messages/email')
        .set({ 'x-api-key': key, Prefer: 'wait=10', 'Idempotency-Key': 'held-1' })
        .send(email);
    const first = await send().expect(422);
    expect(first.body).toEqual({
      code: 'RECIPIENT_SUPPRESSED',
      message: expect.stringContaining(`${SUPPRESSED} (added by an admin: legal hold)`),
      details: [
        expect.objectContaining({
          messageId: expect.any(String),
          status: 'UNDELIVERABLE',
          errorCategory: 'INVALID_RECIPIENT',
          provider: 'suppression-list',
        }),
      ],
    });
    const replay = await send().expect(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  it('is 202 without Prefer: wait: the refusal is the message status', async () => {
    await t.http.post('/api/v1/messages/email').set('x-api-key', key).send(email).expect(202);
  });

  it('is 422 with {detail} in the comms dialect', async () => {
    const res = await t.http
      .post('/api/v1/comms/email/send')
      .set('x-api-key', key)
      .send({ to: [SUPPRESSED], subject: 'Hi', text: 'Hello' });
    expect([res.status, res.body]).toEqual([422, { detail: expect.stringContaining(SUPPRESSED) }]);
  });

  it('is 422 RECIPIENT_SUPPRESSED in the fluxkit dialect, with the message and who refused', async () => {
    const sender = bearer(token({ roles: ['sender'] }, { subject: 'held-sender' }));
    const res = await t.http
      .post('/messaging/email')
      .set(sender)
      .send({ appId, to: SUPPRESSED, subject: 'Hi', body: '<p>Hello</p>' });
    expect([res.status, res.body]).toEqual([
      422,
      {
        error: {
          code: 'RECIPIENT_SUPPRESSED',
          message: expect.stringContaining(SUPPRESSED),
          details: { messageId: expect.any(String), provider: 'suppression-list' },
        },
      },
    ]);
  });
});
