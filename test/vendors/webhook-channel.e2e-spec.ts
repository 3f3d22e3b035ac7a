import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { nameResolvingToNonPublicAddress } from '../support/hosts';
import { eventually } from '../support/polling';
import { signatureValid, WebhookReceiver } from '../support/webhook-receiver';

const PROVIDERS = JSON.stringify({
  webhook: [
    {
      id: 'webhook',
      type: 'webhook',
      maxAttempts: 3,
      retryBaseMs: 30,
      retryMaxMs: 60,
      timeoutMs: 400,
      // Low on purpose: receivers' failures must not open it (see the circuit test below).
      circuitFailures: 2,
    },
  ],
});

interface Setup {
  readonly t: TestApp;
  readonly key: string;
  readonly callbackSecret: string;
}

async function setUp(env: Record<string, string>): Promise<Setup> {
  return setUpEmbedded({ PROVIDERS, ...env });
}

/** Without PROVIDERS in `env`: the embedded default's providers. */
async function setUpEmbedded(env: Record<string, string>): Promise<Setup> {
  const t = await startApp({}, env);
  const { key, callbackSecret } = await appWithKey(t, {
    name: 'webhooks',
    rateLimitPerMinute: 100000,
  });
  return { t, key, callbackSecret };
}

function send(s: Setup, body: Record<string, unknown>) {
  return s.t.http.post('/api/v1/messages/webhook').set('x-api-key', s.key).send(body);
}

async function settled(s: Setup, id: string) {
  const res = await eventually(
    () => s.t.http.get(`/api/v1/messages/${id}`).set('x-api-key', s.key),
    (r) => r.status === 200 && ['DELIVERED', 'FAILED', 'UNDELIVERABLE'].includes(r.body.status),
    `message ${id} to settle`,
  );
  return res.body;
}

describe('webhook channel', () => {
  let s: Setup;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver((path, seen) => {
      if (path === '/bad') return 400;
      if (path === '/flaky') return seen === 1 ? 500 : 200;
      if (path === '/slow') return 'hang';
      return 200;
    }).start();
    s = await setUp({ OUTBOUND_ALLOW_PRIVATE: 'true' });
  });
  afterAll(async () => {
    await s.t.close();
    await receiver.stop();
  });

  it('posts the message as signed JSON and records a 2xx answer as DELIVERED', async () => {
    const res = await send(s, {
      webhookUrl: receiver.url('/ok'),
      subject: 'Order shipped',
      body: 'Order 2891 left the warehouse.',
      metadata: { order: '2891' },
    }).expect(202);
    expect(res.body).toMatchObject({
      status: 'QUEUED',
      channel: 'webhook',
      to: [receiver.url('/ok')],
    });

    const message = await settled(s, res.body.messageId);

    expect(message.status).toBe('DELIVERED');
    expect(message.content).toEqual({
      subject: 'Order shipped',
      body: 'Order 2891 left the warehouse.',
    });
    expect(message.attempts).toEqual([
      expect.objectContaining({ provider: 'webhook', status: 'DELIVERED' }),
    ]);
    const posts = receiver.postsTo('/ok');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post.headers['content-type']).toBe('application/json');
    const signature = String(post.headers['switchboard-signature']);
    expect(signatureValid(s.callbackSecret, signature, post.body)).toBe(true);
    expect(signatureValid('whsec_another', signature, post.body)).toBe(false);
    const payload = JSON.parse(post.body) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual([
      'body',
      'messageId',
      'metadata',
      'sentAt',
      'subject',
    ]);
    expect(payload).toEqual({
      subject: 'Order shipped',
      body: 'Order 2891 left the warehouse.',
      metadata: { order: '2891' },
      messageId: res.body.messageId,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('ends the message FAILED after one attempt when the receiver answers 400', async () => {
    const res = await send(s, { webhookUrl: receiver.url('/bad'), body: 'hello' }).expect(202);

    const message = await settled(s, res.body.messageId);

    expect(message.status).toBe('FAILED');
    expect(message.attempts).toEqual([
      expect.objectContaining({
        status: 'FAILED',
        errorCategory: 'CONTENT_REJECTED',
        errorMessage: 'the receiver refused the request (HTTP 400)',
      }),
    ]);
    expect(receiver.postsTo('/bad')).toHaveLength(1);
  });

  it('retries a 500 and delivers when the receiver then answers 200', async () => {
    const res = await send(s, { webhookUrl: receiver.url('/flaky'), body: 'hello' }).expect(202);

    const message = await settled(s, res.body.messageId);

    expect(message.status).toBe('DELIVERED');
    expect(message.attempts).toEqual([
      expect.objectContaining({ status: 'RETRYING', errorCategory: 'PROVIDER_OUTAGE' }),
      expect.objectContaining({ status: 'DELIVERED' }),
    ]);
    const posts = receiver.postsTo('/flaky');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(
        signatureValid(s.callbackSecret, String(post.headers['switchboard-signature']), post.body),
      ).toBe(true);
    }
  });

  it('records TIMEOUT when the receiver does not answer in time', async () => {
    const res = await send(s, { webhookUrl: receiver.url('/slow'), body: 'hello' }).expect(202);

    const message = await settled(s, res.body.messageId);

    expect(message.status).toBe('FAILED');
    expect(message.attempts).toHaveLength(3);
    for (const attempt of message.attempts) {
      expect(attempt).toMatchObject({ errorCategory: 'TIMEOUT' });
    }
  });

  it("keeps the provider's circuit closed when receivers fail, so other receivers still get posts", async () => {
    for (const path of ['/bad', '/slow']) {
      await settled(
        s,
        (await send(s, { webhookUrl: receiver.url(path), body: 'x' })).body.messageId,
      );
    }

    const health = await s.t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.webhook.providers).toEqual([
      { id: 'webhook', type: 'webhook', circuit: 'closed' },
    ]);
    const res = await send(s, { webhookUrl: receiver.url('/ok'), body: 'still here' }).expect(202);
    expect((await settled(s, res.body.messageId)).status).toBe('DELIVERED');
  });

  it.each([
    ['a missing body', { webhookUrl: 'https://example.com/hook' }, 'body', 'message_empty'],
    [
      'a blank body',
      { webhookUrl: 'https://example.com/hook', body: ' ' },
      'body',
      'message_empty',
    ],
    ['a missing URL', { body: 'hello' }, 'webhookUrl', 'invalid_url'],
    ['a relative URL', { webhookUrl: '/hook', body: 'hello' }, 'webhookUrl', 'invalid_url'],
    [
      'an ftp URL',
      { webhookUrl: 'ftp://example.com/', body: 'hello' },
      'webhookUrl',
      'invalid_url',
    ],
    [
      'credentials in the URL',
      { webhookUrl: 'https://user:pass@example.com/', body: 'hello' },
      'webhookUrl',
      'invalid_url',
    ],
  ])('refuses %s', async (_name, body, field, code) => {
    const res = await send(s, body).expect(400);

    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details).toContainEqual(expect.objectContaining({ field, code }));
  });
});

describe('webhook channel without OUTBOUND_ALLOW_PRIVATE', () => {
  let s: Setup;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver(() => 200).start();
    s = await setUp({});
  });
  afterAll(async () => {
    await s.t.close();
    await receiver.stop();
  });

  it.each([
    ['127.0.0.1', () => receiver.url('/hook')],
    ['10.0.0.1', () => 'http://10.0.0.1/hook'],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
    ['localhost', () => `http://localhost:${receiver.port}/hook`],
  ])('refuses %s at accept with invalid_url', async (_name, url) => {
    const res = await send(s, { webhookUrl: url(), body: 'hello' }).expect(400);

    expect(res.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [expect.objectContaining({ field: 'webhookUrl', code: 'invalid_url' })],
    });
    expect(receiver.posts).toHaveLength(0);
  });

  it('ends a message whose host resolves to loopback at send time, without a request', async () => {
    const alias = nameResolvingToNonPublicAddress();
    const res = await send(s, {
      webhookUrl: `http://${alias}:${receiver.port}/hook`,
      body: 'hello',
    }).expect(202);

    const message = await settled(s, res.body.messageId);

    expect(message.status).toBe('UNDELIVERABLE');
    expect(message.attempts).toEqual([
      expect.objectContaining({
        provider: 'webhook',
        errorCategory: 'INVALID_RECIPIENT',
        errorMessage: 'refused: the URL resolves to a private or reserved address',
      }),
    ]);
    expect(receiver.posts).toHaveLength(0);
  });
});

describe('webhook channel on the embedded default (no PROVIDERS)', () => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver(() => 200).start();
  });
  afterAll(async () => {
    await receiver.stop();
  });

  it('really posts, where the outbound-address rule allows it', async () => {
    const s = await setUpEmbedded({ OUTBOUND_ALLOW_PRIVATE: 'true' });
    try {
      const res = await send(s, { webhookUrl: receiver.url('/embedded'), body: 'hi' }).expect(202);
      const message = await settled(s, res.body.messageId);
      expect(message.status).toBe('DELIVERED');
      expect(message.attempts).toEqual([
        expect.objectContaining({ provider: 'webhook', status: 'DELIVERED' }),
      ]);
      expect(receiver.postsTo('/embedded')).toHaveLength(1);
    } finally {
      await s.t.close();
    }
  });

  it('posts nothing to a private address without OUTBOUND_ALLOW_PRIVATE', async () => {
    const s = await setUpEmbedded({});
    try {
      const alias = nameResolvingToNonPublicAddress();
      const webhookUrl = `http://${alias}:${receiver.port}/private`;
      const res = await send(s, { webhookUrl, body: 'hi' }).expect(202);
      const message = await settled(s, res.body.messageId);
      expect(message.status).toBe('UNDELIVERABLE');
      expect(message.attempts).toEqual([
        expect.objectContaining({ provider: 'webhook', errorCategory: 'INVALID_RECIPIENT' }),
      ]);
      expect(receiver.postsTo('/private')).toHaveLength(0);
    } finally {
      await s.t.close();
    }
  });
});
