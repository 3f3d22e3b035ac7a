import {
  appWithKey,
  bearer,
  startApp,
  type TestApp,
  token,
  uniqueDatabase,
  viewerToken,
} from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';

const fast = { retryBaseMs: 30, retryMaxMs: 60, type: 'scripted' };
const PROVIDERS = JSON.stringify({
  sms: [{ id: 'sms-only', maxAttempts: 1, circuitFailures: 50, ...fast }],
  whatsapp: [{ id: 'whatsapp-box', type: 'sandbox' }],
  voice: [{ id: 'voice-box', type: 'sandbox' }],
});
/** The numbers of the seeds' own examples and of Twilio's documentation. */
const SEED_NUMBERS = ['+15559876543', '+15551234567', '+1234567890', '+447700900123'];

const sender = (subject = 'ops-console') => bearer(token({ roles: ['sender'] }, { subject }));

function script(fail?: string): void {
  const provider = ScriptedProvider.byId.get('sms-only');
  if (!provider) throw new Error('no scripted provider sms-only');
  provider.fail = fail as ScriptedProvider['fail'];
  provider.failTimes = Number.POSITIVE_INFINITY;
}

describe('who may send, and what a send answers (embedded default)', () => {
  let t: TestApp;
  let appId: string;
  let key: string;

  beforeAll(async () => {
    t = await startApp({ scripted: true }, { PROVIDERS });
    ({ appId, key } = await appWithKey(t, { name: 'callers', rateLimitPerMinute: 100000 }));
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    script();
  });

  const sms = (auth: Record<string, string>, body: Record<string, unknown> = {}) =>
    t.http
      .post('/api/v1/messages/sms')
      .set(auth)
      .send({ to: '+14155550100', body: 'hello', ...body });
  const record = async (id: string) =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body;

  it('lets sender and admin tokens send for the app they name, and records who asked', async () => {
    const bySender = await sms(sender(), { appId }).expect(202);
    expect(await record(bySender.body.messageId)).toMatchObject({
      appId,
      requestedBy: { type: 'jwt', subject: 'ops-console' },
    });
    const admin = bearer(token({ roles: ['admin'] }, { subject: 'root' }));
    const byAdmin = await sms(admin, { appId }).expect(202);
    expect((await record(byAdmin.body.messageId)).requestedBy).toEqual({
      type: 'jwt',
      subject: 'root',
    });
    const byKey = await sms({ 'x-api-key': key }).expect(202);
    expect((await record(byKey.body.messageId)).requestedBy).toEqual({
      type: 'apiKey',
      keyId: expect.stringMatching(/^key_/),
    });
  });

  it('refuses viewers, tokens that name no app without a default, unknown apps and keys naming another app', async () => {
    expect((await sms(bearer(viewerToken()), { appId }).expect(403)).body.code).toBe('FORBIDDEN');
    const unnamed = await sms(sender()).expect(400);
    expect(unnamed.body.details).toEqual([
      expect.objectContaining({ field: 'appId', code: 'required' }),
    ]);
    await sms(sender(), { appId: 'app_missing' }).expect(404);
    const own = await sms({ 'x-api-key': key }, { appId }).expect(202);
    expect((await record(own.body.messageId)).appId).toBe(appId);
    const other = await appWithKey(t, { name: 'not the key of callers' });
    const keyNaming = await sms({ 'x-api-key': key }, { appId: other.appId }).expect(403);
    expect(keyNaming.body.code).toBe('FORBIDDEN');
    await t.http.post('/api/v1/apps').set(sender()).send({ name: 'not mine' }).expect(403);
  });

  it.each(SEED_NUMBERS)('takes the example number %s by default', async (number) => {
    const res = await sms({ 'x-api-key': key }, { to: number }).expect(202);
    expect(res.body.to).toEqual([number]);
  });

  it('checks numbers strictly for an app that asks for it', async () => {
    const strict = await appWithKey(t, { name: 'strict', phoneNumberCheck: 'valid' });
    const refused = await sms({ 'x-api-key': strict.key }, { to: '+15551234567' }).expect(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'to', code: 'invalid_phone' }),
    ]);
    await sms({ 'x-api-key': strict.key }, { to: '+14155550100' }).expect(202);
  });

  it('replays the first answer byte for byte with Idempotent-Replayed, not the current status', async () => {
    const headers = { 'x-api-key': key, 'Idempotency-Key': `first-${Date.now()}` };
    const first = await sms(headers).expect(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body.status).toBe('QUEUED');
    await eventually(
      () => record(first.body.messageId),
      (message) => message.status === 'SENT',
      'the message to be sent',
    );
    const replay = await sms(headers).expect(202);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
  });

  it('answers Prefer: wait with the whole message record and Preference-Applied', async () => {
    const res = await sms({ 'x-api-key': key, Prefer: 'wait=10' }).expect(200);
    expect(res.headers['preference-applied']).toBe('wait=10');
    expect(res.body).toMatchObject({
      messageId: expect.stringMatching(/^msg_/),
      appId,
      status: 'SENT',
      channel: 'sms',
      content: { body: 'hello' },
      attempts: [expect.objectContaining({ provider: 'sms-only', status: 'SENT' })],
      events: expect.arrayContaining([expect.objectContaining({ type: 'sent' })]),
      segments: 1,
      encoding: 'GSM-7',
    });
  });

  it('says in a readable sentence why a waited message was undeliverable', async () => {
    script('INVALID_RECIPIENT');
    const res = await sms({ 'x-api-key': key, Prefer: 'wait=10' }).expect(502);
    const id = res.body.details[0].messageId;
    expect(res.body.message).toBe(
      `The message ${id} was undeliverable: scripted INVALID_RECIPIENT`,
    );
  });

  describe('broadcasts', () => {
    const broadcast = (auth: Record<string, string>, body: Record<string, unknown>) =>
      t.http
        .post('/api/v1/broadcasts')
        .set(auth)
        .send({ subject: 'Maintenance', body: 'Tonight', ...body });

    it('lets a sender token broadcast; each message carries the broadcastId and the log lists them', async () => {
      const res = await broadcast(sender(), {
        appId,
        channels: ['sms', 'whatsapp'],
        phone: '+15551234567',
      }).expect(200);
      const { broadcastId } = res.body;
      const listed = await t.http
        .get('/api/v1/messages')
        .query({ broadcastId })
        .set('x-api-key', key)
        .expect(200);
      expect(listed.body.data.map((m: { channel: string }) => m.channel).sort()).toEqual([
        'sms',
        'whatsapp',
      ]);
      for (const message of listed.body.data) {
        expect(message).toMatchObject({ broadcastId, requestedBy: { type: 'jwt' } });
      }
    });

    it('sends HTML to email only: the other channels get its text, and a call speaks it', async () => {
      const res = await broadcast(
        { 'x-api-key': key },
        {
          channels: ['sms', 'voice'],
          phone: '+14155550100',
          isHtml: true,
          body: '<p>Down at <b>22:00</b> &amp; back soon</p>',
        },
      ).expect(200);
      const [smsPart, voicePart] = res.body.results;
      expect((await record(smsPart.messageId)).content.body).toBe('Down at 22:00 & back soon');
      const call = await record(voicePart.messageId);
      expect(call.content.twiml).toContain('Down at 22:00 &amp; back soon');
      expect(call.content.twiml).not.toContain('&lt;b&gt;');
    });

    it("names the broadcast's phone field in a refused number's message", async () => {
      const res = await broadcast({ 'x-api-key': key }, { channels: ['sms'], phone: '12' }).expect(
        200,
      );
      expect(res.body.results[0].error.details).toEqual([
        expect.objectContaining({
          field: 'phone',
          code: 'invalid_phone',
          message: expect.stringMatching(/^phone /),
        }),
      ]);
    });
  });
});

describe('strict phone numbers and a default app (FerretDB)', () => {
  const database = uniqueDatabase();
  let appId: string;

  beforeAll(async () => {
    const setup = await startApp({ mongo: true, database });
    appId = (await appWithKey(setup, { name: 'default' })).appId;
    await setup.close();
  });

  it('sends a token that names no app for DEFAULT_APP_ID, and checks every number strictly under PHONE_NUMBER_CHECK=valid', async () => {
    const t = await startApp(
      { mongo: true, database },
      { DEFAULT_APP_ID: appId, PHONE_NUMBER_CHECK: 'valid' },
    );
    try {
      const send = (to: string) =>
        t.http.post('/api/v1/messages/sms').set(sender('kiosk')).send({ to, body: 'hi' });
      const res = await send('+14155550100').expect(202);
      const message = await t.http
        .get(`/api/v1/messages/${res.body.messageId}`)
        .set(bearer(token({ roles: ['admin'] })))
        .expect(200);
      expect(message.body).toMatchObject({
        appId,
        requestedBy: { type: 'jwt', subject: 'kiosk' },
      });
      const refused = await send('+15551234567').expect(400);
      expect(refused.body.details[0]).toMatchObject({ field: 'to', code: 'invalid_phone' });
    } finally {
      await t.close();
    }
  });
});
