import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';
import { verifyCallbackSignature, SIGNATURE_HEADER } from '../../src/contract/callback-signature';

const fast = { retryBaseMs: 30, retryMaxMs: 60, type: 'scripted' };
const PROVIDERS = JSON.stringify({
  sms: [
    { id: 'sms-a', maxAttempts: 2, circuitFailures: 50, ...fast },
    { id: 'sms-b', maxAttempts: 2, circuitFailures: 50, ...fast },
  ],
  email: [{ id: 'email-box', type: 'sandbox' }],
});

interface Setup {
  readonly t: TestApp;
  readonly key: string;
  readonly appId: string;
  readonly callbackSecret: string;
}

async function setUp(env: Record<string, string> = {}, mongo = false): Promise<Setup> {
  const t = await startApp({ scripted: true, mongo, redis: mongo }, { PROVIDERS, ...env });
  return { t, ...(await appWithKey(t, { name: 'pipeline', rateLimitPerMinute: 100000 })) };
}

function script(id: string, fail?: string, failTimes = Number.POSITIVE_INFINITY): void {
  const provider = ScriptedProvider.byId.get(id);
  if (!provider) throw new Error(`no scripted provider ${id}`);
  provider.fail = fail as ScriptedProvider['fail'];
  provider.failTimes = failTimes;
}

function sendSms(
  s: Setup,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return s.t.http
    .post('/api/v1/messages/sms')
    .set('x-api-key', s.key)
    .set(headers)
    .send({ to: '+14155550100', body: 'hello', ...body });
}

async function settled(
  s: Setup,
  id: string,
  statuses = ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'],
) {
  const res = await eventually(
    () => s.t.http.get(`/api/v1/messages/${id}`).set('x-api-key', s.key),
    (r) => r.status === 200 && statuses.includes(r.body.status),
    `message ${id} to reach ${statuses.join(' or ')}`,
  );
  return res.body;
}

describe.each([
  ['memory store, in-process queue', false],
  ['FerretDB store, BullMQ on Redis', true],
])('message pipeline through the HTTP API (%s)', (_mode, mongo) => {
  let s: Setup;

  beforeAll(async () => {
    s = await setUp({}, mongo);
  });
  afterAll(async () => {
    await s.t.close();
  });
  beforeEach(() => {
    script('sms-a');
    script('sms-b');
  });

  it('accepts with 202, Location and the message summary, and delivers through the first provider', async () => {
    const res = await sendSms(s).expect(202);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'sms',
      to: ['+14155550100'],
      createdAt: expect.any(String),
      segments: 1,
      encoding: 'GSM-7',
    });
    expect(res.headers.location).toBe(`/api/v1/messages/${res.body.messageId}`);
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('SENT');
    expect(message.attempts).toEqual([
      expect.objectContaining({
        provider: 'sms-a',
        status: 'SENT',
        providerMessageId: expect.any(String),
        durationMs: expect.any(Number),
      }),
    ]);
    expect(message.events.map((e: { type: string }) => e.type)).toEqual(['queued', 'sent']);
  });

  it('retries a provider outage, then fails over to the next provider, recording every attempt in order', async () => {
    script('sms-a', 'PROVIDER_OUTAGE');
    const res = await sendSms(s).expect(202);
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('SENT');
    expect(
      message.attempts.map((a: { provider: string; status: string; errorCategory?: string }) => [
        a.provider,
        a.status,
        a.errorCategory,
      ]),
    ).toEqual([
      ['sms-a', 'RETRYING', 'PROVIDER_OUTAGE'],
      ['sms-a', 'RETRYING', 'PROVIDER_OUTAGE'],
      ['sms-b', 'SENT', undefined],
    ]);
    expect(message.events.map((e: { type: string }) => e.type)).toEqual([
      'queued',
      'retrying',
      'failover',
      'sent',
    ]);
  });

  it('makes an invalid recipient UNDELIVERABLE after one attempt, without fail-over', async () => {
    script('sms-a', 'INVALID_RECIPIENT');
    const res = await sendSms(s).expect(202);
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('UNDELIVERABLE');
    expect(message.attempts).toHaveLength(1);
    expect(message.attempts[0]).toMatchObject({
      provider: 'sms-a',
      errorCategory: 'INVALID_RECIPIENT',
    });
  });

  it('fails over at once on a configuration error', async () => {
    script('sms-a', 'AUTH_ERROR');
    const message = await settled(s, (await sendSms(s).expect(202)).body.messageId);
    expect(message.attempts.map((a: { provider: string }) => a.provider)).toEqual([
      'sms-a',
      'sms-b',
    ]);
    expect(message.status).toBe('SENT');
  });

  it('gives up with FAILED when every provider is down, after the configured attempts', async () => {
    script('sms-a', 'TIMEOUT');
    script('sms-b', 'PROVIDER_OUTAGE');
    const message = await settled(s, (await sendSms(s).expect(202)).body.messageId);
    expect(message.status).toBe('FAILED');
    expect(message.attempts.map((a: { provider: string }) => a.provider)).toEqual([
      'sms-a',
      'sms-a',
      'sms-b',
      'sms-b',
    ]);
    expect(message.attempts.at(-1)).toMatchObject({
      status: 'FAILED',
      errorCategory: 'PROVIDER_OUTAGE',
    });
  });

  it('answers Prefer: wait with 200 when sent and 502 PROVIDER_ERROR when it failed', async () => {
    const ok = await sendSms(s, {}, { Prefer: 'wait=10' }).expect(200);
    expect(ok.body.status).toBe('SENT');
    expect(ok.headers['preference-applied']).toBe('wait=10');
    script('sms-a', 'CONTENT_REJECTED');
    const failed = await sendSms(s, {}, { Prefer: 'wait=10' }).expect(502);
    expect(failed.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      details: [expect.objectContaining({ status: 'FAILED', errorCategory: 'CONTENT_REJECTED' })],
    });
  });

  it('creates one message for 20 concurrent identical requests with one Idempotency-Key, and refuses another body', async () => {
    const batch = `idem-${Date.now()}`;
    const headers = { 'Idempotency-Key': `order-${batch}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => sendSms(s, { body: 'same', metadata: { batch } }, headers)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(new Set(answers.map((a) => a.body.messageId)).size).toBe(1);
    const list = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.batch': batch })
      .set('x-api-key', s.key)
      .expect(200);
    expect(list.body.data).toHaveLength(1);
    const conflict = await sendSms(s, { body: 'different', metadata: { batch } }, headers).expect(
      409,
    );
    expect(conflict.body.code).toBe('CONFLICT');
  });

  it('holds a scheduled message until its time and refuses times in the past', async () => {
    const at = new Date(Date.now() + 1500).toISOString();
    const res = await sendSms(s, { scheduledAt: at }).expect(202);
    expect(res.body.status).toBe('SCHEDULED');
    const early = await s.t.http
      .get(`/api/v1/messages/${res.body.messageId}`)
      .set('x-api-key', s.key)
      .expect(200);
    expect(early.body.status).toBe('SCHEDULED');
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('SENT');
    expect(new Date(message.attempts[0].timestamp).getTime()).toBeGreaterThanOrEqual(
      new Date(at).getTime(),
    );
    const past = await sendSms(s, {
      scheduledAt: new Date(Date.now() - 60_000).toISOString(),
    }).expect(400);
    expect(past.body.details[0]).toMatchObject({ field: 'scheduledAt', code: 'scheduled_in_past' });
    await sendSms(s, { scheduledAt: 'tomorrow' }).expect(400);
  });

  it('cancels a scheduled message and refuses to cancel a sent one', async () => {
    const scheduled = await sendSms(s, {
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
    }).expect(202);
    const canceled = await s.t.http
      .post(`/api/v1/messages/${scheduled.body.messageId}/cancel`)
      .set('x-api-key', s.key)
      .expect(200);
    expect(canceled.body.status).toBe('CANCELED');
    const sent = await sendSms(s, {}, { Prefer: 'wait=10' }).expect(200);
    const refused = await s.t.http
      .post(`/api/v1/messages/${sent.body.messageId}/cancel`)
      .set('x-api-key', s.key)
      .expect(409);
    expect(refused.body.code).toBe('CONFLICT');
  });

  it("hides another app's messages (404) and lets admins read across apps", async () => {
    const sent = await sendSms(s).expect(202);
    const admin = bearer(adminToken());
    const other = await appWithKey(s.t, { name: 'other' });
    await s.t.http
      .get(`/api/v1/messages/${sent.body.messageId}`)
      .set('x-api-key', other.key)
      .expect(404);
    await s.t.http
      .post(`/api/v1/messages/${sent.body.messageId}/cancel`)
      .set('x-api-key', other.key)
      .expect(404);
    const byAdmin = await s.t.http
      .get(`/api/v1/messages/${sent.body.messageId}`)
      .set(admin)
      .expect(200);
    expect(byAdmin.body.appId).toBe(s.appId);
    const list = await s.t.http
      .get('/api/v1/messages')
      .query({ appId: other.appId })
      .set(admin)
      .expect(200);
    expect(list.body.data).toEqual([]);
    const refused = await s.t.http
      .get('/api/v1/messages')
      .query({ appId: other.appId })
      .set('x-api-key', s.key)
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const own = await s.t.http
      .get('/api/v1/messages')
      .query({ appId: s.appId })
      .set('x-api-key', s.key)
      .expect(200);
    expect(own.body.data.map((m: { messageId: string }) => m.messageId)).toContain(
      sent.body.messageId,
    );
  });

  it('filters the log, walks it with an opaque cursor that refuses tampering, and counts only when asked', async () => {
    const tag = `walk-${Date.now()}`;
    for (let i = 0; i < 5; i += 1)
      await sendSms(s, { metadata: { tag, n: String(i) } }).expect(202);
    await s.t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', s.key)
      .send({ to: 'a@example.com', subject: 's', text: 't', metadata: { tag } })
      .expect(202);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.t.http
        .get('/api/v1/messages')
        .query({ channel: 'sms', 'metadata.tag': tag, limit: 2, ...(cursor ? { cursor } : {}) })
        .set('x-api-key', s.key)
        .expect(200);
      seen.push(...page.body.data.map((m: { messageId: string; channel: string }) => m.messageId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    const first = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.tag': tag, limit: 2 })
      .set('x-api-key', s.key)
      .expect(200);
    const tampered = `${first.body.nextCursor}x`;
    const bad = await s.t.http
      .get('/api/v1/messages')
      .query({ cursor: tampered })
      .set('x-api-key', s.key)
      .expect(400);
    expect(bad.body.details[0].code).toBe('invalid_cursor');
    const offset = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.tag': tag, offset: 1, limit: 2, count: true })
      .set('x-api-key', s.key)
      .expect(200);
    expect(offset.body.total).toBe(6);
    expect(offset.body.data).toHaveLength(2);
    const uncounted = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.tag': tag, offset: 1, limit: 2 })
      .set('x-api-key', s.key)
      .expect(200);
    expect(uncounted.body).not.toHaveProperty('total');
    expect(uncounted.body.data).toEqual(offset.body.data);
    const wrong = await s.t.http
      .get('/api/v1/messages')
      .query({ count: 'yes' })
      .set('x-api-key', s.key)
      .expect(400);
    expect(wrong.body.details[0]).toMatchObject({ field: 'count' });
  });

  it('filters by metadata written as a deepObject, as the document and Swagger UI send it', async () => {
    const tag = `deep-${Date.now()}`;
    const sent = await sendSms(s, { metadata: { tag } }).expect(202);
    await sendSms(s, { metadata: { tag: `${tag}-other` } }).expect(202);
    const res = await s.t.http
      .get(`/api/v1/messages?metadata%5Btag%5D=${tag}`)
      .set('x-api-key', s.key)
      .expect(200);
    expect(res.body.data.map((m: { messageId: string }) => m.messageId)).toEqual([
      sent.body.messageId,
    ]);
  });

  it('refuses a callback URL on a private address without OUTBOUND_ALLOW_PRIVATE', async () => {
    const res = await sendSms(s, { callbackUrl: 'http://127.0.0.1:9/hook' }).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'callbackUrl', code: 'invalid_url' });
  });

  it('answers 503 CHANNEL_NOT_CONFIGURED for a channel without providers', async () => {
    const unconfigured = await startApp(
      { scripted: true },
      { PROVIDERS: JSON.stringify({ email: [{ id: 'e', type: 'sandbox' }] }) },
    );
    try {
      const { key } = await appWithKey(unconfigured, { name: 'x' });
      const res = await unconfigured.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .send({ to: '+14155550100', body: 'x' })
        .expect(503);
      expect(res.body.code).toBe('CHANNEL_NOT_CONFIGURED');
    } finally {
      await unconfigured.close();
    }
  });
});

describe('circuit breaker', () => {
  let s: Setup;

  beforeAll(async () => {
    const providers = JSON.stringify({
      sms: [
        { id: 'sms-flaky', maxAttempts: 1, circuitFailures: 2, circuitCooldownMs: 60000, ...fast },
        { id: 'sms-spare', maxAttempts: 1, ...fast },
      ],
    });
    s = await setUp({ PROVIDERS: providers });
  });
  afterAll(async () => {
    await s.t.close();
  });

  it('opens after consecutive failures, skips the provider, and shows it in /health', async () => {
    script('sms-flaky', 'PROVIDER_OUTAGE');
    for (let i = 0; i < 2; i += 1) await settled(s, (await sendSms(s).expect(202)).body.messageId);
    const health = await s.t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.sms.providers).toEqual([
      { id: 'sms-flaky', type: 'scripted', circuit: 'open' },
      { id: 'sms-spare', type: 'scripted', circuit: 'closed' },
    ]);
    const calls = ScriptedProvider.byId.get('sms-flaky')?.sent.length;
    const skipped = await settled(s, (await sendSms(s).expect(202)).body.messageId);
    expect(skipped.attempts.map((a: { provider: string }) => a.provider)).toEqual(['sms-spare']);
    expect(ScriptedProvider.byId.get('sms-flaky')?.sent.length).toBe(calls);
  });
});

describe('signed status callbacks', () => {
  let s: Setup;
  let receiver: Server;
  const received: { status: string; verified: boolean }[] = [];

  beforeAll(async () => {
    s = await setUp({ OUTBOUND_ALLOW_PRIVATE: 'true' });
    receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const header = String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
        const verified = verifyCallbackSignature(
          s.callbackSecret,
          header,
          body,
          300,
          Math.floor(Date.now() / 1000),
        );
        received.push({ status: (JSON.parse(body) as { status: string }).status, verified });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await s.t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('posts each status change, signed, in order', async () => {
    script('sms-a', 'PROVIDER_OUTAGE', 1);
    script('sms-b');
    const port = (receiver.address() as AddressInfo).port;
    const res = await sendSms(s, { callbackUrl: `http://127.0.0.1:${port}/hooks/status` }).expect(
      202,
    );
    await settled(s, res.body.messageId);
    await eventually(
      () => Promise.resolve(received.length),
      (n) => n >= 2,
      'two status callbacks',
    );
    expect(received).toEqual([
      { status: 'RETRYING', verified: true },
      { status: 'SENT', verified: true },
    ]);
    const message = await eventually(
      async () =>
        (await s.t.http.get(`/api/v1/messages/${res.body.messageId}`).set('x-api-key', s.key)).body,
      (m: { events: { type: string; detail?: string }[] }) =>
        m.events.filter((e) => e.type === 'callback').length === 2,
      'two callback events on the message',
    );
    expect(
      message.events
        .filter((e: { type: string; detail?: string }) => e.type === 'callback')
        .map((e: { detail?: string }) => e.detail),
    ).toEqual([
      expect.stringMatching(/^RETRYING delivered/),
      expect.stringMatching(/^SENT delivered/),
    ]);
  });
});
