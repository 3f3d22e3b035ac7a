import { TestSubscriber } from '../support/push-service';
import { vapidKeys, pushService, t, key, api, fcm, usePushAndFcmApp } from './push-app';

describe('POST /api/v1/messages/push (Web Push to a local push service, FCM to a stand-in)', () => {
  const vapid = vapidKeys();
  usePushAndFcmApp(vapid);

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
});
