import { startApp, type TestApp } from '../harness/test-app';
import { TestSubscriber } from '../support/push-service';
import { vapidKeys, appKey, client, api, usePushAndFcmApp } from './push-app';

describe('POST /api/v1/messages/push (Web Push to a local push service, FCM to a stand-in)', () => {
  const vapid = vapidKeys();
  usePushAndFcmApp(vapid);

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
