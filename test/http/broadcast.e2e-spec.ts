import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';

const SLOW_MS = 1500;

/** No whatsapp provider; SMS and voice answer after SLOW_MS. */
const PROVIDERS = JSON.stringify({
  email: [{ id: 'brd-email', type: 'sandbox' }],
  sms: [{ id: 'brd-sms-slow', type: 'scripted', delayMs: SLOW_MS }],
  voice: [{ id: 'brd-voice-slow', type: 'scripted', delayMs: SLOW_MS }],
});

interface Setup {
  readonly t: TestApp;
  readonly appId: string;
  readonly key: string;
}

const admin = bearer(adminToken());

const newApp = (t: TestApp, scopes = ['broadcast', 'messages:read']) =>
  appWithKey(t, { name: 'broadcaster', rateLimitPerMinute: 100000 }, { scopes });

async function setUp(env: Record<string, string> = {}): Promise<Setup> {
  const t = await startApp({ scripted: true }, env);
  return { t, ...(await newApp(t)) };
}

const ADDRESSES = {
  email: 'ann@example.com',
  phone: '+14155550100',
  userId: 'user-42',
  webhookUrl: 'https://hooks.example.com/notify',
  pushToken: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx6bXHd0yqZ2G1lZ3n8y',
};

const broadcast = (s: Setup, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  s.t.http
    .post('/api/v1/broadcasts')
    .set('x-api-key', s.key)
    .set(headers)
    .send({ subject: 'Maintenance', body: 'Starts at 22:00 UTC.', ...body });

describe('broadcasts on the embedded default (sandbox providers)', () => {
  let s: Setup;

  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(async () => {
    await s.t.close();
  });

  it('sends every channel its part in one request and answers per channel', async () => {
    const channels = ['email', 'sms', 'whatsapp', 'voice', 'webhook', 'inapp', 'push'];
    const res = await broadcast(s, { channels, ...ADDRESSES }).expect(200);
    expect(res.body).toEqual({
      broadcastId: expect.stringMatching(/^brd_/),
      results: channels.map((channel) => ({
        channel,
        success: true,
        messageId: expect.stringMatching(/^msg_/),
        status: 'QUEUED',
      })),
    });
    const byChannel = Object.fromEntries(
      res.body.results.map((r: { channel: string; messageId: string }) => [r.channel, r.messageId]),
    );
    const read = async (id: string) =>
      (await s.t.http.get(`/api/v1/messages/${id}`).set('x-api-key', s.key).expect(200)).body;
    const email = await read(byChannel.email);
    expect(email).toMatchObject({ channel: 'email', to: ['ann@example.com'] });
    expect(email.content).toMatchObject({ subject: 'Maintenance', text: 'Starts at 22:00 UTC.' });
    expect((await read(byChannel.sms)).content).toMatchObject({ body: 'Starts at 22:00 UTC.' });
    expect((await read(byChannel.whatsapp)).content).toMatchObject({
      body: 'Starts at 22:00 UTC.',
    });
    expect((await read(byChannel.voice)).content.twiml).toBe(
      '<Response><Say>Starts at 22:00 UTC.</Say></Response>',
    );
    // The push channel calls the subject of its notification the title.
    for (const [channel, title] of [
      ['webhook', 'subject'],
      ['inapp', 'subject'],
      ['push', 'title'],
    ]) {
      expect((await read(byChannel[channel])).content).toMatchObject({
        [title]: 'Maintenance',
        body: 'Starts at 22:00 UTC.',
      });
    }
    const webhook = await read(byChannel.webhook);
    expect(webhook.to).toEqual([ADDRESSES.webhookUrl]);
    expect((await read(byChannel.inapp)).to).toEqual([ADDRESSES.userId]);
  });

  it('sends the body as HTML to email with isHtml, and passes the common fields to every channel', async () => {
    const res = await broadcast(s, {
      channels: ['email', 'sms'],
      ...ADDRESSES,
      body: '<p>Starts at <b>22:00</b></p>',
      isHtml: true,
      metadata: { campaign: 'maintenance' },
      priority: 7,
    }).expect(200);
    for (const result of res.body.results) {
      const message = (
        await s.t.http.get(`/api/v1/messages/${result.messageId}`).set('x-api-key', s.key)
      ).body;
      expect(message.metadata).toEqual({ campaign: 'maintenance' });
      if (message.channel === 'email') {
        expect(message.content.html).toBe('<p>Starts at <b>22:00</b></p>');
      }
    }
  });

  it("reports a channel's refusal of its address in its result, in the caller's field names", async () => {
    const res = await broadcast(s, {
      channels: ['email', 'sms'],
      ...ADDRESSES,
      phone: '12',
    }).expect(200);
    expect(res.body.results[0]).toMatchObject({ channel: 'email', success: true });
    expect(res.body.results[1]).toEqual({
      channel: 'sms',
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [expect.objectContaining({ field: 'phone', code: 'invalid_phone' })],
      },
    });
  });

  it('refuses a chosen channel without its address, naming the field; ignores unchosen addresses but for their type', async () => {
    const res = await broadcast(s, { channels: ['email', 'sms'], email: ADDRESSES.email }).expect(
      400,
    );
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'phone', code: 'required' }),
    ]);
    await broadcast(s, {
      channels: ['sms'],
      phone: ADDRESSES.phone,
      email: 'not-an-address',
    }).expect(200);
    const typed = await broadcast(s, {
      channels: ['sms'],
      phone: ADDRESSES.phone,
      email: 42,
    }).expect(400);
    expect(typed.body.details).toEqual([
      expect.objectContaining({ field: 'email', code: 'invalid_type' }),
    ]);
  });

  it('refuses duplicate, unknown and missing channels', async () => {
    const duplicate = await broadcast(s, { channels: ['sms', 'sms'], ...ADDRESSES }).expect(400);
    expect(duplicate.body.details).toEqual([
      expect.objectContaining({ field: 'channels', code: 'duplicate' }),
    ]);
    const unknown = await broadcast(s, { channels: ['fax'], ...ADDRESSES }).expect(400);
    expect(unknown.body.details).toEqual([
      expect.objectContaining({ field: 'channels', code: 'invalid_value' }),
    ]);
    await broadcast(s, { channels: [], ...ADDRESSES }).expect(400);
    await broadcast(s, { ...ADDRESSES }).expect(400);
  });

  it('replays an Idempotency-Key with the first answer, and refuses it with another body', async () => {
    const headers = { 'Idempotency-Key': `brd-${Date.now()}` };
    const body = { channels: ['email', 'sms', 'whatsapp'], ...ADDRESSES, phone: '+14155550101' };
    const first = await broadcast(s, body, headers).expect(200);
    const again = await broadcast(s, { ...body }, headers).expect(200);
    expect(again.body).toEqual(first.body);
    const list = await s.t.http
      .get('/api/v1/messages')
      .query({ to: '+14155550101' })
      .set('x-api-key', s.key)
      .expect(200);
    expect(list.body.data).toHaveLength(2);
    const other = await broadcast(s, { ...body, body: 'Something else' }, headers).expect(409);
    expect(other.body.code).toBe('CONFLICT');
  });

  it("shows a broadcast with each message's current status, to its app and admins only", async () => {
    const res = await broadcast(s, { channels: ['email', 'sms'], ...ADDRESSES }).expect(200);
    const id = res.body.broadcastId;
    const current = await eventually(
      () => s.t.http.get(`/api/v1/broadcasts/${id}`).set('x-api-key', s.key),
      (r) =>
        r.status === 200 &&
        r.body.results.every((result: { status: string }) => result.status === 'DELIVERED'),
      'every channel of the broadcast to be DELIVERED',
    );
    expect(current.body).toEqual({
      broadcastId: id,
      appId: s.appId,
      createdAt: expect.any(String),
      results: res.body.results.map((result: Record<string, unknown>) => ({
        ...result,
        status: 'DELIVERED',
      })),
    });
    await s.t.http.get(`/api/v1/broadcasts/${id}`).set(admin).expect(200);
    const other = await newApp(s.t);
    await s.t.http.get(`/api/v1/broadcasts/${id}`).set('x-api-key', other.key).expect(404);
    await s.t.http.get('/api/v1/broadcasts/brd_missing').set('x-api-key', s.key).expect(404);
  });

  it('lets admins broadcast for the app they name, and keys for their own app only', async () => {
    const body = { subject: 'Hi', body: 'Hello', channels: ['sms'], phone: ADDRESSES.phone };
    const res = await s.t.http
      .post('/api/v1/broadcasts')
      .set(admin)
      .send({ ...body, appId: s.appId })
      .expect(200);
    await s.t.http
      .get(`/api/v1/broadcasts/${res.body.broadcastId}`)
      .set('x-api-key', s.key)
      .expect(200);
    const unnamed = await s.t.http.post('/api/v1/broadcasts').set(admin).send(body).expect(400);
    expect(unnamed.body.details).toEqual([expect.objectContaining({ field: 'appId' })]);
    await s.t.http
      .post('/api/v1/broadcasts')
      .set(admin)
      .send({ ...body, appId: 'app_missing' })
      .expect(404);
    await broadcast(s, { ...body, appId: s.appId }).expect(200);
    const other = await newApp(s.t);
    const keyed = await broadcast(s, { ...body, appId: other.appId }).expect(403);
    expect(keyed.body.code).toBe('FORBIDDEN');
  });

  it('refuses a key without the broadcast scope', async () => {
    const sender = await newApp(s.t, ['messages:send']);
    const res = await s.t.http
      .post('/api/v1/broadcasts')
      .set('x-api-key', sender.key)
      .send({ subject: 'Hi', body: 'Hello', channels: ['sms'], phone: ADDRESSES.phone })
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});

describe('broadcasts with a channel unconfigured and slow providers', () => {
  let s: Setup;

  beforeAll(async () => {
    s = await setUp({ PROVIDERS });
  });
  afterAll(async () => {
    await s.t.close();
  });

  it('reports CHANNEL_NOT_CONFIGURED for a channel without providers and accepts the others', async () => {
    const res = await broadcast(s, { channels: ['whatsapp', 'email'], ...ADDRESSES }).expect(200);
    expect(res.body.results).toEqual([
      {
        channel: 'whatsapp',
        success: false,
        error: { code: 'CHANNEL_NOT_CONFIGURED', message: expect.any(String) },
      },
      { channel: 'email', success: true, messageId: expect.any(String), status: 'QUEUED' },
    ]);
  });

  it("waits for every channel's first outcome at once: the slowest, not the sum", async () => {
    const started = Date.now();
    const res = await broadcast(
      s,
      { channels: ['sms', 'voice', 'email'], ...ADDRESSES },
      { Prefer: 'wait=10' },
    ).expect(200);
    const elapsed = Date.now() - started;
    expect(res.headers['preference-applied']).toBe('wait=10');
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'SENT',
      'SENT',
      'DELIVERED',
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(SLOW_MS);
    expect(elapsed).toBeLessThan(2 * SLOW_MS - 200);
  });
});
