import type { MessageEvent } from '../../src/contract/message-event';
import type { ProviderReport } from '../../src/contract/provider-report';
import type { MessageLog } from '../../src/message-log/message-log';
import {
  at,
  DAY,
  hex,
  HOUR,
  insertSent,
  type MessageStoresFixture,
  scopeOf,
  SECOND,
} from './message-fixtures';

/**
 * How the log applies reports about one recipient of several (SES): part of the MessageLog
 * contract, on its stores.
 */
export function describeRecipientReports(stores: () => MessageStoresFixture): void {
  let log: MessageLog;

  beforeAll(() => {
    ({ log } = stores());
  });

  describe('about one recipient of several', () => {
    const recipients = ['ann@example.com', 'bob@example.com'];
    const delivery = (recipient: string, seenAt: Date): ProviderReport => ({
      providerStatus: 'Delivery',
      status: 'DELIVERED',
      event: { type: 'delivered', at: seenAt, recipient },
      byRecipient: { recipients, settles: (event) => event.type === 'delivered' },
    });
    const unreachable = (event: MessageEvent): boolean =>
      event.type === 'complained' ||
      (event.type === 'bounced' && event.detail?.startsWith('Permanent/') === true);
    const bounce = (recipient: string, kind: string, seenAt: Date): ProviderReport => ({
      providerStatus: 'Bounce',
      ...(kind.startsWith('Permanent/') ? { status: 'UNDELIVERABLE' } : {}),
      event: { type: 'bounced', at: seenAt, recipient, detail: kind },
      byRecipient: { recipients, settles: unreachable },
    });
    const complaint = (recipient: string, seenAt: Date): ProviderReport => ({
      providerStatus: 'Complaint',
      status: 'UNDELIVERABLE',
      event: { type: 'complained', at: seenAt, recipient, detail: 'abuse' },
      byRecipient: { recipients, settles: unreachable },
    });
    const anEmail = () =>
      insertSent(log, `ses-${hex(16)}`, { channel: 'email', to: recipients, content: {} });

    it('moves the status once every recipient is settled, recording each one on the way', async () => {
      const message = await anEmail();
      const scope = scopeOf(message);
      const first = delivery('ann@example.com', at(2 * SECOND));
      expect(await log.applyProviderReport(scope, message.id, first, at(2 * SECOND))).toMatchObject(
        { kind: 'recorded', message: { status: 'SENT' } },
      );
      expect(
        await log.applyProviderReport(
          scope,
          message.id,
          delivery('ann@example.com', at(HOUR)),
          at(HOUR),
        ),
      ).toMatchObject({ kind: 'unchanged', message: { status: 'SENT' } });
      const last = delivery('bob@example.com', at(3 * SECOND));
      expect(await log.applyProviderReport(scope, message.id, last, at(3 * SECOND))).toStrictEqual({
        kind: 'moved',
        message: {
          ...message,
          status: 'DELIVERED',
          providerStatus: 'Delivery',
          events: [...message.events, first.event, last.event],
          updatedAt: at(3 * SECOND),
        },
      });
    });

    it('records a report about a recipient after the status is final, without moving it', async () => {
      const message = await anEmail();
      const scope = scopeOf(message);
      for (const recipient of recipients) {
        await log.applyProviderReport(
          scope,
          message.id,
          delivery(recipient, at(SECOND)),
          at(SECOND),
        );
      }
      const late = complaint('ann@example.com', at(DAY));
      expect(await log.applyProviderReport(scope, message.id, late, at(DAY))).toMatchObject({
        kind: 'recorded',
        message: { status: 'DELIVERED', providerStatus: 'Complaint' },
      });
      expect((await log.get(scope, message.id))?.events.at(-1)).toStrictEqual(late.event);
    });

    it('ends UNDELIVERABLE when every recipient bounced for good or complained; a soft bounce only records', async () => {
      const message = await anEmail();
      const scope = scopeOf(message);
      for (const report of [
        bounce('ann@example.com', 'Transient/MailboxFull', at(SECOND)),
        bounce('ann@example.com', 'Permanent/General', at(2 * SECOND)),
      ]) {
        expect(
          await log.applyProviderReport(scope, message.id, report, report.event.at),
        ).toMatchObject({ kind: 'recorded', message: { status: 'SENT' } });
      }
      expect(
        await log.applyProviderReport(
          scope,
          message.id,
          complaint('bob@example.com', at(3 * SECOND)),
          at(3 * SECOND),
        ),
      ).toMatchObject({ kind: 'moved', message: { status: 'UNDELIVERABLE' } });
      const stored = await log.get(scope, message.id);
      expect(
        stored?.events.slice(2).map(({ type, recipient, detail }) => [type, recipient, detail]),
      ).toEqual([
        ['bounced', 'ann@example.com', 'Transient/MailboxFull'],
        ['bounced', 'ann@example.com', 'Permanent/General'],
        ['complained', 'bob@example.com', 'abuse'],
      ]);
    });

    it('keeps every recipient of reports that arrive together and settles the status', async () => {
      const message = await anEmail();
      await Promise.all(
        recipients.map((recipient) =>
          log.applyProviderReport(
            scopeOf(message),
            message.id,
            delivery(recipient, at(SECOND)),
            at(SECOND),
          ),
        ),
      );
      const stored = await log.get(scopeOf(message), message.id);
      expect(stored?.status).toBe('DELIVERED');
      expect(
        stored?.events
          .map((event) => event.recipient)
          .filter(Boolean)
          .sort(),
      ).toEqual(recipients);
    });
  });
}
