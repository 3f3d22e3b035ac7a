import type { Message } from '../../message-log/message.model';
import { reportEffect } from '../../message-log/report-effect';
import {
  isUnreachable,
  readSesNotification,
  recipientReports,
  type SesNotification,
} from './ses-notification';

const NOW = new Date('2030-01-01T12:00:00Z');
const SEEN = '2030-01-01T11:59:58.000Z';
const mail = { messageId: '0100018c-ses-message-id', destination: ['Ann@Example.com'] };

const bounce = (bounceType: string, bounceSubType: string, ...addresses: string[]) =>
  JSON.stringify({
    notificationType: 'Bounce',
    mail,
    bounce: {
      bounceType,
      bounceSubType,
      bouncedRecipients: addresses.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: '5.1.1',
      })),
      timestamp: SEEN,
      feedbackId: 'feedback-1',
    },
  });

describe('readSesNotification', () => {
  it('reads a permanent bounce per recipient, lower-cased, as a suppressing event', () => {
    expect(readSesNotification(bounce('Permanent', 'General', 'Ann@Example.com'), NOW)).toEqual({
      kind: 'Bounce',
      sesMessageId: mail.messageId,
      outcomes: [
        {
          recipient: 'ann@example.com',
          event: {
            type: 'bounced',
            at: new Date(SEEN),
            recipient: 'ann@example.com',
            detail: 'Permanent/General',
          },
          status: 'UNDELIVERABLE',
          suppression: { reason: 'hard_bounce', detail: 'Permanent/General' },
        },
      ],
    });
  });

  it.each([
    ['Transient', 'MailboxFull'],
    ['Undetermined', 'Undetermined'],
  ])(
    'reads a bounce of type %s as an event that neither moves the status nor suppresses',
    (type, sub) => {
      const outcome = readSesNotification(bounce(type, sub, 'ann@example.com'), NOW)?.outcomes[0];
      expect(outcome).toEqual({
        recipient: 'ann@example.com',
        event: {
          type: 'bounced',
          at: new Date(SEEN),
          recipient: 'ann@example.com',
          detail: `${type}/${sub}`,
        },
      });
    },
  );

  it('reads a complaint with its feedback type, and as marked as spam without one', () => {
    const complaint = (feedback?: string) =>
      JSON.stringify({
        notificationType: 'Complaint',
        mail,
        complaint: {
          complainedRecipients: [{ emailAddress: 'ann@example.com' }],
          timestamp: SEEN,
          ...(feedback ? { complaintFeedbackType: feedback } : {}),
        },
      });
    expect(readSesNotification(complaint('abuse'), NOW)?.outcomes).toEqual([
      {
        recipient: 'ann@example.com',
        event: {
          type: 'complained',
          at: new Date(SEEN),
          recipient: 'ann@example.com',
          detail: 'abuse',
        },
        status: 'UNDELIVERABLE',
        suppression: { reason: 'complaint', detail: 'abuse' },
      },
    ]);
    expect(readSesNotification(complaint(), NOW)?.outcomes[0]?.suppression).toEqual({
      reason: 'complaint',
      detail: 'marked as spam',
    });
    expect(readSesNotification(complaint('not-spam'), NOW)?.outcomes[0]).toEqual({
      recipient: 'ann@example.com',
      event: {
        type: 'complained',
        at: new Date(SEEN),
        recipient: 'ann@example.com',
        detail: 'not-spam',
      },
    });
  });

  it('reads a delivery, from a configuration set event too, with the SMTP answer', () => {
    const delivery = JSON.stringify({
      eventType: 'Delivery',
      mail,
      delivery: {
        timestamp: SEEN,
        recipients: ['ann@example.com', 'BOB@example.com'],
        smtpResponse: '250 2.6.0 Message received',
      },
    });
    expect(
      readSesNotification(delivery, NOW)?.outcomes.map((o) => [o.recipient, o.status]),
    ).toEqual([
      ['ann@example.com', 'DELIVERED'],
      ['bob@example.com', 'DELIVERED'],
    ]);
    expect(readSesNotification(delivery, NOW)?.outcomes[0]?.event.detail).toBe(
      '250 2.6.0 Message received',
    );
  });

  it('dates an event it cannot date by the time it arrived', () => {
    const undated = JSON.stringify({
      notificationType: 'Delivery',
      mail,
      delivery: { recipients: ['ann@example.com'], timestamp: 'yesterday' },
    });
    expect(readSesNotification(undated, NOW)?.outcomes[0]?.event.at).toEqual(NOW);
  });

  it.each([
    ['no JSON', 'Hello'],
    ['another notification', JSON.stringify({ eventType: 'Open', mail, open: {} })],
    ['no message id', JSON.stringify({ notificationType: 'Bounce', mail: {}, bounce: {} })],
    ['a JSON list', '[]'],
  ])('reads nothing from %s', (_case, message) => {
    expect(readSesNotification(message, NOW)).toBeUndefined();
  });
});

describe('per-recipient reports on a message', () => {
  const sent = (to: string[]): Pick<Message, 'status' | 'events'> & { to: string[] } => ({
    status: 'SENT',
    to,
    events: [
      { type: 'queued', at: NOW },
      { type: 'sent', at: NOW },
    ],
  });

  /** Applies the notifications' reports as a store would, and says what the status became. */
  function statusAfter(to: string[], ...notifications: SesNotification[]): string {
    let message = sent(to);
    for (const notification of notifications) {
      for (const report of recipientReports(notification, to)) {
        const effect = reportEffect(message, report);
        if (effect.kind === 'move' || effect.kind === 'record') {
          message = {
            ...message,
            ...(effect.kind === 'move' ? { status: effect.status } : {}),
            events: [...message.events, report.event],
          };
        }
      }
    }
    return message.status;
  }

  const read = (message: string): SesNotification => {
    const notification = readSesNotification(message, NOW);
    if (!notification) throw new Error('unreadable');
    return notification;
  };
  const delivered = (...recipients: string[]) =>
    read(JSON.stringify({ notificationType: 'Delivery', mail, delivery: { recipients } }));
  const complained = (...addresses: string[]) =>
    read(
      JSON.stringify({
        notificationType: 'Complaint',
        mail,
        complaint: { complainedRecipients: addresses.map((emailAddress) => ({ emailAddress })) },
      }),
    );

  it('is DELIVERED once every recipient was delivered, in one notification or several', () => {
    expect(statusAfter(['a@x.io', 'b@x.io'], delivered('a@x.io', 'b@x.io'))).toBe('DELIVERED');
    expect(statusAfter(['a@x.io', 'b@x.io'], delivered('a@x.io'))).toBe('SENT');
    expect(statusAfter(['a@x.io', 'b@x.io'], delivered('a@x.io'), delivered('b@x.io'))).toBe(
      'DELIVERED',
    );
  });

  it('is UNDELIVERABLE once every recipient bounced for good or complained', () => {
    const hard = read(bounce('Permanent', 'NoEmail', 'a@x.io'));
    expect(statusAfter(['a@x.io'], hard)).toBe('UNDELIVERABLE');
    expect(statusAfter(['a@x.io', 'b@x.io'], hard)).toBe('SENT');
    expect(statusAfter(['a@x.io', 'b@x.io'], hard, complained('b@x.io'))).toBe('UNDELIVERABLE');
  });

  it('keeps the status for mixed outcomes and soft bounces, and never moves it back', () => {
    expect(
      statusAfter(
        ['a@x.io', 'b@x.io'],
        read(bounce('Permanent', 'General', 'a@x.io')),
        delivered('b@x.io'),
      ),
    ).toBe('SENT');
    expect(statusAfter(['a@x.io'], read(bounce('Transient', 'General', 'a@x.io')))).toBe('SENT');
    expect(statusAfter(['a@x.io'], delivered('a@x.io'), complained('a@x.io'))).toBe('DELIVERED');
  });

  it('counts hard bounces and complaints, not soft bounces or withdrawn complaints, as unreachable', () => {
    expect(isUnreachable({ type: 'bounced', at: NOW, detail: 'Permanent/General' })).toBe(true);
    expect(isUnreachable({ type: 'bounced', at: NOW, detail: 'Transient/General' })).toBe(false);
    expect(isUnreachable({ type: 'complained', at: NOW, detail: 'abuse' })).toBe(true);
    expect(isUnreachable({ type: 'complained', at: NOW })).toBe(true);
    expect(isUnreachable({ type: 'complained', at: NOW, detail: 'not-spam' })).toBe(false);
    expect(isUnreachable({ type: 'delivered', at: NOW })).toBe(false);
  });
});
