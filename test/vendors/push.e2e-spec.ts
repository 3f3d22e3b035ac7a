import { generateKeyPairSync } from 'node:crypto';
import mongoose from 'mongoose';
import {
  appWithKey,
  type Env,
  mongoUri,
  startApp,
  type TestApp,
  uniqueDatabase,
} from '../harness/test-app';
import { startFcmServer, type TestFcmServer, testServiceAccount } from '../support/fcm-server';
import { nameResolvingToNonPublicAddress } from '../support/hosts';
import { ENCRYPTION_KEY } from '../support/settings';
import { eventually } from '../support/polling';
import {
  type PushRequest,
  startPushService,
  TestSubscriber,
  type TestPushService,
} from '../support/push-service';

interface Attempt {
  readonly provider: string;
  readonly status: string;
  readonly errorCategory?: string;
  readonly errorMessage?: string;
  readonly providerMessageId?: string;
}
interface Record {
  readonly status: string;
  readonly to: string[];
  readonly content: { readonly [key: string]: unknown };
  readonly attempts: Attempt[];
}

const FINAL = ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE'];
const FAST = { retryBaseMs: 20, retryMaxMs: 40, maxAttempts: 3, timeoutMs: 5000 };

/** A VAPID key pair made with node:crypto, in the base64url forms the variables take. */
function vapidKeys(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x = '', y = '' } = publicKey.export({ format: 'jwk' });
  const { d = '' } = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(x, 'base64url'),
    Buffer.from(y, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: d };
}

async function appKey(t: TestApp): Promise<string> {
  return (await appWithKey(t, { name: 'push', rateLimitPerMinute: 100000 })).key;
}

function client(t: TestApp, key: string) {
  const send = (body: object) =>
    t.http.post('/api/v1/messages/push').set('x-api-key', key).send(body);
  const record = async (id: string): Promise<Record> =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body as Record;
  const settled = (id: string): Promise<Record> =>
    eventually(
      () => record(id),
      (message) => FINAL.includes(message.status),
      `message ${id} to reach a final status`,
    );
  return { send, record, settled };
}

describe('POST /api/v1/messages/push (Web Push to a local push service, FCM to a stand-in)', () => {
  const vapid = vapidKeys();
  let pushService: TestPushService;
  let fcm: TestFcmServer;
  let t: TestApp;
  let key: string;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    pushService = await startPushService();
    fcm = await startFcmServer();
    const env: Env = {
      OUTBOUND_ALLOW_PRIVATE: 'true',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
      FCM_SERVICE_ACCOUNT: fcm.account.json,
      FCM_API_BASE_URL: fcm.baseUrl,
      PROVIDERS: JSON.stringify({
        push: [
          { id: 'fcm', type: 'fcm', ...FAST },
          // Signs with a key the token endpoint does not know.
          {
            id: 'fcm-wrong-key',
            type: 'fcm',
            serviceAccount: testServiceAccount(fcm.tokenUri).json,
            ...FAST,
          },
          { id: 'fcm-impatient', type: 'fcm', ...FAST, timeoutMs: 300, maxAttempts: 2 },
          { id: 'webpush', type: 'webpush', ca: pushService.ca, urgency: 'high', ...FAST },
        ],
      }),
    };
    t = await startApp({}, env);
    key = await appKey(t);
    api = client(t, key);
  });
  afterAll(async () => {
    await t.close();
    await pushService.stop();
    await fcm.stop();
  });

  describe('Web Push', () => {
    it('delivers a VAPID-signed, aes128gcm-encrypted payload the subscriber can decrypt', async () => {
      const subscriber = new TestSubscriber();
      const endpoint = pushService.endpoint('/push/subscription-1');
      const res = await api
        .send({
          pushSubscription: { ...subscriber.subscription(endpoint), expirationTime: null },
          subject: 'Order shipped',
          body: 'Your order 2891 is on its way. ✓',
          data: { orderId: '2891' },
          url: 'https://shop.example.com/orders/2891',
        })
        .expect(202);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('SENT');
      // The endpoint is a credential: answers show its origin only.
      expect(message.to).toEqual([pushService.origin]);
      expect(message.attempts).toEqual([
        expect.objectContaining({
          provider: 'webpush',
          status: 'SENT',
          providerMessageId: `${pushService.origin}/messages/${pushService.requests.length}`,
        }),
      ]);

      const received = pushService.requests.at(-1);
      expect(received?.path).toBe('/push/subscription-1');
      expect(received?.vapidProblem).toBeUndefined();
      expect(received?.vapidPublicKey).toBe(vapid.publicKey);
      expect(received?.vapidClaims).toMatchObject({
        aud: pushService.origin,
        sub: 'mailto:ops@example.com',
      });
      expect(received?.vapidClaims?.exp).toBeGreaterThan(Date.now() / 1000);
      expect(received?.headers).toMatchObject({
        'content-encoding': 'aes128gcm',
        ttl: '86400',
        urgency: 'high',
      });
      expect(JSON.parse(subscriber.decrypt(received?.body ?? Buffer.alloc(0)))).toEqual({
        title: 'Order shipped',
        body: 'Your order 2891 is on its way. ✓',
        data: { orderId: '2891' },
        url: 'https://shop.example.com/orders/2891',
        messageId: res.body.messageId,
      });
    });

    it('keeps the subscription keys and endpoint out of every answer, and still sends', async () => {
      const subscriber = new TestSubscriber();
      const subscription = subscriber.subscription(pushService.endpoint('/push/keys'));
      const res = await api.send({ pushSubscription: subscription, body: 'hi' }).expect(202);
      expect(res.body.to).toEqual([pushService.origin]);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('SENT');
      expect(message.content).toEqual({ target: 'webpush', body: 'hi' });
      const listed = await t.http.get('/api/v1/messages?channel=push').set('x-api-key', key);
      for (const answer of [JSON.stringify(res.body), JSON.stringify(message), listed.text]) {
        expect(answer).not.toContain(subscription.keys.auth);
        expect(answer).not.toContain(subscription.keys.p256dh);
        expect(answer).not.toContain('/push/keys');
      }
    });

    it('ends a subscription the push service says is gone (410) as UNDELIVERABLE', async () => {
      pushService.statuses.push(410);
      const subscriber = new TestSubscriber();
      const res = await api
        .send({
          pushSubscription: subscriber.subscription(pushService.endpoint('/push/gone')),
          body: 'hello',
        })
        .expect(202);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('UNDELIVERABLE');
      expect(message.attempts).toHaveLength(1);
      expect(message.attempts[0]).toMatchObject({
        provider: 'webpush',
        errorCategory: 'INVALID_RECIPIENT',
      });
      expect(message.attempts[0]?.errorMessage).toMatch(/subscription is gone.*\(410/);
    });

    it('retries a push service error (500) and sends on the next attempt', async () => {
      pushService.statuses.push(500);
      const subscriber = new TestSubscriber();
      const res = await api
        .send({
          pushSubscription: subscriber.subscription(pushService.endpoint('/push/flaky')),
          body: 'again',
        })
        .expect(202);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('SENT');
      expect(message.attempts.map((a) => [a.provider, a.status, a.errorCategory])).toEqual([
        ['webpush', 'RETRYING', 'PROVIDER_OUTAGE'],
        ['webpush', 'SENT', undefined],
      ]);
      const tries = pushService.requests.filter(({ path }) => path === '/push/flaky');
      expect(tries).toHaveLength(2);
      expect(JSON.parse(subscriber.decrypt(tries[1]?.body ?? Buffer.alloc(0)))).toMatchObject({
        body: 'again',
      });
    });
  });

  describe('FCM', () => {
    const token = `fcm-device-token:${'A'.repeat(140)}`;

    it('gets an access token with the JWT-bearer flow, keeps it, and sends the v1 message', async () => {
      const first = await api
        .send({ pushToken: token, subject: 'Hi', body: 'From FCM', data: { k: 'v' } })
        .expect(202);
      const second = await api.send({ pushToken: token, body: 'Again' }).expect(202);
      const [one, two] = await Promise.all([
        api.settled(first.body.messageId),
        api.settled(second.body.messageId),
      ]);
      expect(fcm.refusals).toEqual([]);
      expect([one.status, two.status]).toEqual(['SENT', 'SENT']);
      expect(one.to).toEqual([token]);
      expect(one.attempts[0]).toMatchObject({
        provider: 'fcm',
        providerMessageId: expect.stringMatching(/^projects\/switchboard-test\/messages\/0:\d+$/),
      });
      expect(fcm.tokensIssued).toHaveLength(1);
      expect(fcm.sends.find(({ message }) => message.notification.body === 'From FCM')).toEqual({
        project: 'switchboard-test',
        message: {
          token,
          notification: { title: 'Hi', body: 'From FCM' },
          data: { k: 'v', messageId: first.body.messageId },
        },
      });
    });

    it('does not retry when the token endpoint refuses the assertion (AUTH_ERROR)', async () => {
      const res = await api
        .send({ pushToken: token, body: 'Wrong key', provider: 'fcm-wrong-key' })
        .expect(202);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('FAILED');
      expect(message.attempts).toHaveLength(1);
      expect(message.attempts[0]).toMatchObject({
        provider: 'fcm-wrong-key',
        errorCategory: 'AUTH_ERROR',
      });
      expect(message.attempts[0]?.errorMessage).toMatch(
        /refused the service account \(invalid_grant\)/,
      );
      expect(fcm.refusals.at(-1)).toMatch(/^assertion: JsonWebTokenError: invalid signature/);
    });

    it('retries an FCM that does not answer in time (TIMEOUT)', async () => {
      fcm.answers.push({ hang: true }, { hang: true });
      const res = await api
        .send({ pushToken: token, body: 'Slow', provider: 'fcm-impatient' })
        .expect(202);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('FAILED');
      expect(message.attempts.map((a) => [a.status, a.errorCategory])).toEqual([
        ['RETRYING', 'TIMEOUT'],
        ['FAILED', 'TIMEOUT'],
      ]);
    });

    it('ends an UNREGISTERED token as UNDELIVERABLE', async () => {
      fcm.answers.push({ status: 404, errorCode: 'UNREGISTERED' });
      const res = await api.send({ pushToken: token, body: 'Gone?' }).expect(202);
      const message = await api.settled(res.body.messageId);
      expect(message.status).toBe('UNDELIVERABLE');
      expect(message.attempts[0]).toMatchObject({
        provider: 'fcm',
        errorCategory: 'INVALID_RECIPIENT',
      });
      expect(message.attempts[0]?.errorMessage).toMatch(/no longer registered/);
    });
  });

  describe('validation', () => {
    const subscription = new TestSubscriber().subscription('https://push.example.com/sub/1');

    it.each<[string, object, string, string]>([
      ['neither target', { body: 'x' }, 'pushToken', 'required'],
      [
        'both targets',
        { pushSubscription: subscription, pushToken: 'A'.repeat(40), body: 'x' },
        'pushToken',
        'parameters_exclusive',
      ],
      [
        'a p256dh of the wrong length',
        {
          pushSubscription: { ...subscription, keys: { ...subscription.keys, p256dh: 'AAAA' } },
          body: 'x',
        },
        'pushSubscription',
        'invalid_subscription',
      ],
      [
        'an auth secret that is not base64url',
        {
          pushSubscription: {
            ...subscription,
            keys: { ...subscription.keys, auth: 'not base64!' },
          },
          body: 'x',
        },
        'pushSubscription',
        'invalid_subscription',
      ],
      ['a malformed token', { pushToken: 'short', body: 'x' }, 'pushToken', 'invalid_push_token'],
      ['a blank body', { pushToken: 'A'.repeat(40), body: '  ' }, 'body', 'message_empty'],
      ['no body', { pushToken: 'A'.repeat(40) }, 'body', 'message_empty'],
      [
        'data that is not a string map',
        { pushToken: 'A'.repeat(40), body: 'x', data: { n: 1 } },
        'data',
        'invalid_data',
      ],
      [
        'an http endpoint',
        { pushSubscription: { ...subscription, endpoint: 'http://push.example.com/1' }, body: 'x' },
        'pushSubscription.endpoint',
        'invalid_url',
      ],
    ])('refuses %s', async (_case, body, field, code) => {
      const res = await api.send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details).toContainEqual(expect.objectContaining({ field, code }));
    });
  });
});

describe('push endpoints and SSRF (OUTBOUND_ALLOW_PRIVATE off)', () => {
  const vapid = vapidKeys();
  const alias = nameResolvingToNonPublicAddress();
  let pushService: TestPushService;
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    pushService = await startPushService();
    t = await startApp(
      {},
      {
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: 'https://shop.example.com/contact',
        PROVIDERS: JSON.stringify({
          push: [{ id: 'webpush', type: 'webpush', ca: pushService.ca, ...FAST }],
        }),
      },
    );
    api = client(t, await appKey(t));
  });
  afterAll(async () => {
    await t.close();
    await pushService.stop();
  });

  const subscriber = new TestSubscriber();

  it.each([
    'https://127.0.0.1/push/1',
    'https://10.1.2.3/push/1',
    'https://169.254.169.254/latest/meta-data/',
    'https://[::1]/push/1',
    'https://localhost/push/1',
  ])('refuses the endpoint %s when accepting (invalid_url)', async (endpoint) => {
    const res = await api.send({ pushSubscription: subscriber.subscription(endpoint), body: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual(
      expect.objectContaining({ field: 'pushSubscription.endpoint', code: 'invalid_url' }),
    );
  });

  it(`refuses at send time a name that resolves to a private address (${alias})`, async () => {
    const port = new URL(pushService.origin).port;
    const endpoint = `https://${alias}:${port}/push/rebound`;
    const res = await api.send({ pushSubscription: subscriber.subscription(endpoint), body: 'x' });
    if (alias === 'localhost') {
      expect(res.status).toBe(400);
      return;
    }
    expect(res.status).toBe(202);
    const message = await api.settled(res.body.messageId);
    expect(message.status).toBe('UNDELIVERABLE');
    expect(message.attempts[0]).toMatchObject({
      provider: 'webpush',
      errorCategory: 'INVALID_RECIPIENT',
      errorMessage: 'the subscription endpoint resolves to a private or reserved address',
    });
    expect(pushService.requests.filter(({ path }) => path === '/push/rebound')).toEqual([]);
  });
});

describe('Web Push without configured VAPID keys (outside production)', () => {
  let pushService: TestPushService;
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    pushService = await startPushService();
    t = await startApp(
      {},
      {
        OUTBOUND_ALLOW_PRIVATE: 'true',
        PROVIDERS: JSON.stringify({
          push: [{ id: 'webpush', type: 'webpush', ca: pushService.ca, ...FAST }],
        }),
      },
    );
    api = client(t, await appKey(t));
  });
  afterAll(async () => {
    await t.close();
    await pushService.stop();
  });

  it('signs with a pair made at start-up, the same for every send', async () => {
    const subscriber = new TestSubscriber();
    for (const path of ['/push/generated-1', '/push/generated-2']) {
      const res = await api
        .send({ pushSubscription: subscriber.subscription(pushService.endpoint(path)), body: path })
        .expect(202);
      expect((await api.settled(res.body.messageId)).status).toBe('SENT');
    }
    expect(pushService.requests).toHaveLength(2);
    const [first, second] = pushService.requests as [PushRequest, PushRequest];
    expect(first.vapidProblem).toBeUndefined();
    expect(first.vapidPublicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(second.vapidPublicKey).toBe(first.vapidPublicKey);
    expect(first.vapidClaims?.sub).toBe('mailto:push@localhost');
    expect(JSON.parse(subscriber.decrypt(second.body))).toMatchObject({
      body: '/push/generated-2',
    });
  });
});

describe('push on the embedded default (sandbox provider)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startApp();
    api = client(t, await appKey(t));
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    [
      'a subscription',
      { pushSubscription: new TestSubscriber().subscription('https://push.example.com/s/1') },
    ],
    ['a device token', { pushToken: `device:${'b'.repeat(60)}` }],
  ])('takes %s and the sandbox records it', async (_case, target) => {
    const res = await api.send({ ...target, subject: 'Hi', body: 'Sandbox' }).expect(202);
    const message = await api.settled(res.body.messageId);
    expect(message.status).toBe('DELIVERED');
    expect(message.attempts[0]?.provider).toBe('sandbox-push');
  });
});

describe('Web Push subscription keys at rest (MongoDB, ENCRYPTION_KEY)', () => {
  const vapid = vapidKeys();
  const database = uniqueDatabase();
  let pushService: TestPushService;
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    pushService = await startPushService();
    t = await startApp(
      { mongo: true, database },
      {
        ENCRYPTION_KEY,
        OUTBOUND_ALLOW_PRIVATE: 'true',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: 'mailto:ops@example.com',
        PROVIDERS: JSON.stringify({
          push: [{ id: 'webpush', type: 'webpush', ca: pushService.ca, ...FAST }],
        }),
      },
    );
    api = client(t, await appKey(t));
  });
  afterAll(async () => {
    await t.close();
    await pushService.stop();
  });

  it('stores the keys sealed, out of the content, and opens them to encrypt the push', async () => {
    const subscriber = new TestSubscriber();
    const subscription = subscriber.subscription(pushService.endpoint('/push/sealed'));
    const res = await api.send({ pushSubscription: subscription, body: 'sealed' }).expect(202);
    expect((await api.settled(res.body.messageId)).status).toBe('SENT');
    const received = pushService.requests.at(-1);
    expect(JSON.parse(subscriber.decrypt(received?.body ?? Buffer.alloc(0)))).toMatchObject({
      body: 'sealed',
    });

    const connection = await mongoose.createConnection(mongoUri(database)).asPromise();
    try {
      const raw = await connection
        .collection('messages')
        .findOne({ _id: res.body.messageId as never });
      expect(raw?.content).toEqual({ target: 'webpush', body: 'sealed' });
      expect(raw?.sealedContent).toMatch(/^enc:v1:[0-9a-f]{16}:[A-Za-z0-9_-]+$/);
      expect(JSON.stringify(raw)).not.toContain(subscription.keys.auth);
      expect(JSON.stringify(raw)).not.toContain(subscription.keys.p256dh);
    } finally {
      await connection.close();
    }
  });
});
