import mongoose from 'mongoose';
import { mongoUri, uniqueDatabase } from '../harness/test-app';
import { nameResolvingToNonPublicAddress } from '../support/hosts';
import { ENCRYPTION_KEY } from '../support/settings';
import { type PushRequest, TestSubscriber } from '../support/push-service';
import { vapidKeys, pushService, api, webPushProvider, usePushApp } from './push-app';

describe('push endpoints and SSRF (OUTBOUND_ALLOW_PRIVATE off)', () => {
  const vapid = vapidKeys();
  const alias = nameResolvingToNonPublicAddress();
  usePushApp((service) => ({
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'https://shop.example.com/contact',
    PROVIDERS: JSON.stringify({ push: [webPushProvider(service)] }),
  }));

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
  usePushApp((service) => ({
    OUTBOUND_ALLOW_PRIVATE: 'true',
    PROVIDERS: JSON.stringify({ push: [webPushProvider(service)] }),
  }));

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

describe('Web Push subscription keys at rest (MongoDB, ENCRYPTION_KEY)', () => {
  const vapid = vapidKeys();
  const database = uniqueDatabase();
  usePushApp(
    (service) => ({
      ENCRYPTION_KEY,
      OUTBOUND_ALLOW_PRIVATE: 'true',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
      PROVIDERS: JSON.stringify({ push: [webPushProvider(service)] }),
    }),
    { mongo: true, database },
  );

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
