import { sesBounce, sesComplaint, sesDelivery } from '../support/sns-notifications';
import { t, apiKey, appId, useSesNotificationsApp } from './ses-notifications-app';
import { admin, provider, message, settled, sent, suppressions, notify } from './ses-requests';

describe('SES notifications through Amazon SNS (memory store)', () => {
  useSesNotificationsApp();

  describe('bounces, complaints and deliveries', () => {
    it('records a permanent bounce for its recipient, ends the message UNDELIVERABLE and suppresses the address', async () => {
      const { id, sesMessageId } = await sent(['Hard.Bounce@example.com']);
      const res = await notify(
        sesBounce(sesMessageId, 'Permanent', 'General', ['hard.bounce@example.com']),
      );
      expect(res.body).toEqual({ outcome: 'applied' });
      const after = await message(id);
      expect(after.status).toBe('UNDELIVERABLE');
      expect(after.providerStatus).toBe('Bounce');
      expect(after.events.at(-1)).toEqual({
        type: 'bounced',
        at: expect.any(String),
        recipient: 'hard.bounce@example.com',
        detail: 'Permanent/General',
      });
      expect(await suppressions()).toContainEqual({
        appId,
        address: 'hard.bounce@example.com',
        reason: 'hard_bounce',
        detail: 'Permanent/General',
        messageId: id,
        createdAt: expect.any(String),
      });
      const again = await notify(
        sesBounce(sesMessageId, 'Permanent', 'General', ['hard.bounce@example.com']),
      );
      expect(again.body).toEqual({ outcome: 'unchanged' });
    });

    it('records a transient bounce and nothing more', async () => {
      const { id, sesMessageId } = await sent(['soft.bounce@example.com']);
      await notify(
        sesBounce(sesMessageId, 'Transient', 'MailboxFull', ['soft.bounce@example.com']),
      );
      const after = await message(id);
      expect(after.status).toBe('SENT');
      expect(after.events.at(-1)).toMatchObject({
        type: 'bounced',
        recipient: 'soft.bounce@example.com',
        detail: 'Transient/MailboxFull',
      });
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'soft.bounce@example.com',
      );
    });

    it('suppresses the address of a complaint', async () => {
      const { id, sesMessageId } = await sent(['complainer@example.com']);
      await notify(sesComplaint(sesMessageId, ['complainer@example.com']), { version: '1' });
      const after = await message(id);
      expect(after.status).toBe('UNDELIVERABLE');
      expect(after.events.at(-1)).toMatchObject({
        type: 'complained',
        recipient: 'complainer@example.com',
        detail: 'abuse',
      });
      expect(await suppressions()).toContainEqual(
        expect.objectContaining({
          address: 'complainer@example.com',
          reason: 'complaint',
          detail: 'abuse',
        }),
      );
    });

    it('is DELIVERED once SES delivered to every recipient', async () => {
      const { id, sesMessageId } = await sent(['ann@example.com', 'bob@example.com']);
      await notify(sesDelivery(sesMessageId, ['ann@example.com']));
      expect((await message(id)).status).toBe('SENT');
      await notify(sesDelivery(sesMessageId, ['bob@example.com']));
      const after = await message(id);
      expect(after.status).toBe('DELIVERED');
      expect(after.events.filter((event) => event.type === 'delivered')).toEqual([
        expect.objectContaining({ recipient: 'ann@example.com' }),
        expect.objectContaining({ recipient: 'bob@example.com' }),
      ]);
    });

    it('keeps the status when only some recipients bounced, and suppresses those', async () => {
      const { id, sesMessageId } = await sent(['gone@example.com', 'here@example.com']);
      await notify(sesBounce(sesMessageId, 'Permanent', 'NoEmail', ['gone@example.com']));
      await notify(sesDelivery(sesMessageId, ['here@example.com']));
      expect((await message(id)).status).toBe('SENT');
      const listed = (await suppressions()).map((entry) => entry.address);
      expect(listed).toContain('gone@example.com');
      expect(listed).not.toContain('here@example.com');
    });

    it('sends nothing to a suppressed address later: UNDELIVERABLE, with the reason, no provider call', async () => {
      const { sesMessageId } = await sent(['later@example.com']);
      await notify(sesBounce(sesMessageId, 'Permanent', 'General', ['later@example.com']));
      const res = await t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', apiKey)
        .send({ to: ['ok@example.com', 'LATER@example.com'], subject: 'Again', text: 'Hello' })
        .expect(202);
      const refused = await settled(res.body.messageId, ['UNDELIVERABLE', 'SENT', 'FAILED']);
      expect(refused.status).toBe('UNDELIVERABLE');
      expect(refused.attempts).toEqual([
        expect.objectContaining({
          provider: 'suppression-list',
          status: 'UNDELIVERABLE',
          errorCategory: 'INVALID_RECIPIENT',
          errorMessage: expect.stringContaining(
            'later@example.com (bounced for good: Permanent/General)',
          ),
        }),
      ]);
      expect(provider().sent).not.toContain(res.body.messageId);
    });

    it('sends again once an admin removed the address from the list', async () => {
      const { sesMessageId } = await sent(['back@example.com']);
      await notify(sesComplaint(sesMessageId, ['back@example.com']));
      await t.http
        .delete('/api/v1/suppressions/back@example.com')
        .query({ appId })
        .set(admin)
        .expect(204);
      const { id } = await sent(['back@example.com']);
      expect(provider().sent).toContain(id);
    });

    it('neither records nor suppresses an address the message was not sent to', async () => {
      const { id, sesMessageId } = await sent(['ann@example.com']);
      const foreign = ['ceo@bigcustomer.example'];
      await notify(sesBounce(sesMessageId, 'Permanent', 'General', foreign));
      await notify(sesComplaint(sesMessageId, [...foreign, 'cfo@bigcustomer.example']));
      const after = await message(id);
      expect(after.status).toBe('SENT');
      expect(after.events.map((event) => event.recipient)).not.toContain(foreign[0]);
      const listed = (await suppressions()).map((entry) => entry.address);
      expect(listed).not.toContain('ceo@bigcustomer.example');
      expect(listed).not.toContain('cfo@bigcustomer.example');
      const next = await sent(['ceo@bigcustomer.example']);
      expect(provider().sent).toContain(next.id);
    });

    it('answers a notification about a message it does not know as unknown', async () => {
      const res = await notify(sesBounce('0100018c-unknown', 'Permanent', 'General', ['x@y.io']));
      expect(res.body).toEqual({ outcome: 'unknown' });
      expect((await suppressions()).map((entry) => entry.address)).not.toContain('x@y.io');
    });

    it('ignores SES notifications it does not act on', async () => {
      // Open and Click count as engagement (ses-engagement.e2e-spec.ts); Send says nothing new.
      const { sesMessageId } = await sent(['handed@example.com']);
      const res = await notify({ eventType: 'Send', mail: { messageId: sesMessageId }, send: {} });
      expect(res.body).toEqual({ outcome: 'ignored' });
    });
  });
});
