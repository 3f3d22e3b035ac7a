import {
  CERT_URL,
  sesBounce,
  sesComplaint,
  sesDelivery,
  type SnsFields,
  TOPIC_ARN,
} from '../support/sns-notifications';
import {
  EVIL_CERT_URL,
  LOOKALIKE_CERT_URL,
  SUBSCRIBE_URL,
  otherKey,
  https,
  t,
  appId,
  sns,
  useSesNotificationsApp,
} from './ses-notifications-app';
import { post, admin, message, sent, suppressions, notify } from './ses-requests';

const HTTP_CERT_URL =
  'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-00007e570000.pem';

describe('SES notifications through Amazon SNS (memory store)', () => {
  useSesNotificationsApp();

  describe('signatures', () => {
    const unknownDelivery = () => sesDelivery('0100018c-not-ours', ['ann@example.com']);

    it.each(['1', '2'] as const)(
      'takes a notification signed with signature version %s',
      async (version) => {
        const res = await post(sns.notification(unknownDelivery(), { version })).expect(200);
        expect(res.body).toEqual({ outcome: 'unknown' });
      },
    );

    it('takes a notification with a Subject, and one posted as application/json', async () => {
      await post(sns.notification(unknownDelivery(), { subject: 'Amazon SES Email Event' })).expect(
        200,
      );
      await post(sns.notification(unknownDelivery()), 'application/json').expect(200);
    });

    function forbidden(fields: SnsFields) {
      return post(fields)
        .expect(403)
        .expect((res) => {
          expect(res.body).toEqual({
            code: 'FORBIDDEN',
            message: 'The request is not a message signed by Amazon SNS.',
          });
        });
    }

    it('refuses a forged signature, one made with another key, and an unsigned message', async () => {
      const forged = sns.notification(unknownDelivery());
      await forbidden({ ...forged, Signature: Buffer.alloc(256, 7).toString('base64') });
      await forbidden(sns.notification(unknownDelivery(), { key: otherKey }));
      await forbidden(sns.notification(unknownDelivery(), { key: otherKey, version: '1' }));
      await forbidden({ ...sns.notification(unknownDelivery()), Signature: undefined });
      await forbidden({ ...sns.notification(unknownDelivery()), SignatureVersion: '3' });
    });

    it('refuses a tampered message and changes nothing', async () => {
      const { id, sesMessageId } = await sent(['tampered@example.com']);
      const signed = sns.notification(sesDelivery(sesMessageId, ['tampered@example.com']));
      const tampered = {
        ...signed,
        Message: JSON.stringify(
          sesBounce(sesMessageId, 'Permanent', 'General', ['tampered@example.com']),
        ),
      };
      await forbidden(tampered);
      await forbidden({ ...signed, TopicArn: `${TOPIC_ARN}-other` });
      await forbidden({ ...signed, Subject: 'added after signing' });
      const after = await message(id);
      expect(after.status).toBe('SENT');
      expect(after.events.map((event) => event.type)).toEqual(['queued', 'sent']);
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'tampered@example.com',
      );
    });

    it.each([
      ['another host', EVIL_CERT_URL],
      ['plain http', HTTP_CERT_URL],
      ['a host that only starts like SNS', LOOKALIKE_CERT_URL],
      ['a file that is no .pem', 'https://sns.us-east-1.amazonaws.com/cert.txt'],
    ])('refuses a certificate URL on %s without fetching it', async (_case, certUrl) => {
      const before = https.requested.length;
      await forbidden(sns.notification(unknownDelivery(), { certUrl }));
      expect(https.requested.slice(before)).toEqual([]);
    });

    it('fetches a certificate once and keeps it', async () => {
      await notify(unknownDelivery());
      await notify(unknownDelivery());
      expect(https.requested.filter((url) => url === CERT_URL)).toHaveLength(1);
    });

    it('answers 503 when the certificate cannot be fetched, so that SNS posts again', async () => {
      const certUrl =
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000dead0000.pem';
      const res = await post(sns.notification(unknownDelivery(), { certUrl })).expect(503);
      expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    });

    it('refuses a body that is no SNS message', async () => {
      await t.http
        .post('/api/v1/webhooks/ses')
        .set('Content-Type', 'text/plain')
        .send('not json')
        .expect(403);
      await t.http.post('/api/v1/webhooks/ses').send({ hello: 'world' }).expect(403);
    });
  });

  describe('replays', () => {
    it('ignores a signed notice sent over an hour ago', async () => {
      const { id, sesMessageId } = await sent(['old.notice@example.com']);
      const fresh = sns.notification(
        sesBounce(sesMessageId, 'Permanent', 'General', ['old.notice@example.com']),
      );
      const old = sns.sign({
        ...fresh,
        Timestamp: new Date(Date.now() - 61 * 60_000).toISOString(),
      });
      expect((await post(old).expect(200)).body).toEqual({ outcome: 'ignored' });
      expect((await message(id)).status).toBe('SENT');
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'old.notice@example.com',
      );
    });

    it('applies a notice once, however often it is posted again', async () => {
      const { id, sesMessageId } = await sent(['twice@example.com']);
      const notice = sns.notification(sesComplaint(sesMessageId, ['twice@example.com']));
      expect((await post(notice).expect(200)).body).toEqual({ outcome: 'applied' });
      await t.http
        .delete('/api/v1/suppressions/twice@example.com')
        .query({ appId })
        .set(admin)
        .expect(204);
      expect((await post(notice).expect(200)).body).toEqual({ outcome: 'ignored' });
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'twice@example.com',
      );
      expect(
        (await message(id)).events.filter((event) => event.type === 'complained'),
      ).toHaveLength(1);
    });
  });

  describe('subscriptions', () => {
    it('confirms a subscription by visiting its SubscribeURL', async () => {
      const res = await post(
        sns.confirmation('SubscriptionConfirmation', SUBSCRIBE_URL, { version: '1' }),
      ).expect(200);
      expect(res.body).toEqual({ outcome: 'confirmed' });
      expect(https.requested).toContain(new URL(SUBSCRIBE_URL).href);
    });

    it('visits no SubscribeURL off SNS, nor one of a confirmation that is not signed', async () => {
      const evil = 'https://evil.example.com/?Action=ConfirmSubscription&Token=x';
      await post(sns.confirmation('SubscriptionConfirmation', evil)).expect(403);
      const forged = sns.confirmation('SubscriptionConfirmation', SUBSCRIBE_URL, {
        key: otherKey,
      });
      const before = https.requested.length;
      await post(forged).expect(403);
      expect(https.requested.slice(before)).not.toContain(new URL(SUBSCRIBE_URL).href);
      expect(https.requested).not.toContain(new URL(evil).href);
    });

    it('takes an unsubscribe confirmation without visiting anything', async () => {
      const before = https.requested.length;
      const res = await post(sns.confirmation('UnsubscribeConfirmation', SUBSCRIBE_URL)).expect(
        200,
      );
      expect(res.body).toEqual({ outcome: 'ignored' });
      expect(https.requested.slice(before)).toEqual([]);
    });
  });
});
