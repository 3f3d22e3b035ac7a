import type { ProviderReport } from '../../src/contract/provider-report';
import type { DispatchClaims } from '../../src/dispatch/dispatch-claims';
import type { MessageLog } from '../../src/message-log/message-log';
import type { Message } from '../../src/message-log/message.model';
import {
  aMessage,
  anApp,
  aReport,
  at,
  hex,
  HOUR,
  insertSent,
  MINUTE,
  type MessageStoresFixture,
  scopeOf,
  SECOND,
  without,
} from './message-fixtures';

/** How the log applies provider reports: part of the MessageLog contract, on its stores. */
export function describeProviderReports(stores: () => MessageStoresFixture): void {
  describe('provider reports', () => {
    let log: MessageLog;
    let claims: DispatchClaims;

    beforeAll(() => {
      ({ log, claims } = stores());
    });

    /** A message its provider took as `sid`: SENT, as the dispatcher records it. */
    const sentAs = (sid: string, overrides: Partial<Message> = {}): Promise<Message> =>
      insertSent(log, sid, overrides);

    it('finds a message by its provider id across apps, and nothing for an unknown id', async () => {
      const sid = `SM${hex(16)}`;
      const message = await sentAs(sid, { providerMessageIds: [`SM${hex(16)}`, sid] });
      expect(await log.findByProviderMessageIdAcrossApps(sid)).toStrictEqual(message);
      expect(await log.findByProviderMessageIdAcrossApps(`SM${hex(16)}`)).toBeUndefined();
    });

    it('moves the status forward with the event and the provider status', async () => {
      const message = await sentAs(`SM${hex(16)}`);
      const sent = aReport('sent', 'SENT', at(2 * SECOND));
      const afterSent = {
        ...message,
        providerStatus: 'sent',
        events: [...message.events, sent.event],
        updatedAt: at(3 * SECOND),
      };
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, sent, at(3 * SECOND)),
      ).toStrictEqual({ kind: 'recorded', message: afterSent });

      const delivered = aReport('delivered', 'DELIVERED', at(4 * SECOND));
      const afterDelivered = {
        ...afterSent,
        status: 'DELIVERED',
        providerStatus: 'delivered',
        events: [...afterSent.events, delivered.event],
        updatedAt: at(5 * SECOND),
      };
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, delivered, at(5 * SECOND)),
      ).toStrictEqual({ kind: 'moved', message: afterDelivered });
      expect(await log.get(scopeOf(message), message.id)).toStrictEqual(afterDelivered);
    });

    it('changes nothing at all for a late report behind the status, or a repeated one', async () => {
      const message = await sentAs(`SM${hex(16)}`);
      const delivered = aReport('delivered', 'DELIVERED', at(2 * SECOND));
      await log.applyProviderReport(scopeOf(message), message.id, delivered, at(2 * SECOND));
      const settled = await log.get(scopeOf(message), message.id);

      for (const [report, now] of [
        [aReport('sent', 'SENT', at(HOUR)), at(HOUR)],
        [aReport('queued', 'SENT', at(HOUR)), at(HOUR)],
        [aReport('delivered', 'DELIVERED', at(HOUR)), at(HOUR)],
        [aReport('failed', 'FAILED', at(HOUR), 'Twilio error 30008'), at(HOUR)],
      ] as const) {
        expect(
          await log.applyProviderReport(scopeOf(message), message.id, report, now),
        ).toStrictEqual({ kind: 'unchanged', message: settled });
      }
      expect(await log.get(scopeOf(message), message.id)).toStrictEqual(settled);
    });

    it('records each new event while the status stays, once', async () => {
      const message = await sentAs(`CA${hex(16)}`, { channel: 'voice' });
      const ringing = aReport('ringing', 'SENT', at(2 * SECOND));
      const answered: ProviderReport = {
        providerStatus: 'in-progress',
        status: 'SENT',
        event: { type: 'answered', at: at(3 * SECOND) },
      };
      await log.applyProviderReport(scopeOf(message), message.id, ringing, at(2 * SECOND));
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, answered, at(3 * SECOND)),
      ).toMatchObject({ kind: 'recorded', message: { status: 'SENT' } });
      const afterAnswer = await log.get(scopeOf(message), message.id);
      expect(afterAnswer).toStrictEqual({
        ...message,
        providerStatus: 'in-progress',
        events: [...message.events, ringing.event, answered.event],
        updatedAt: at(3 * SECOND),
      });

      const lateRinging = aReport('ringing', 'SENT', at(4 * SECOND));
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, lateRinging, at(HOUR)),
      ).toEqual({ kind: 'unchanged', message: afterAnswer });
      expect(await log.get(scopeOf(message), message.id)).toStrictEqual(afterAnswer);
    });

    it('records an event of the final status, and one of a state that means no status', async () => {
      const message = await sentAs(`SM${hex(16)}`, { channel: 'whatsapp' });
      const scope = scopeOf(message);
      await log.applyProviderReport(
        scope,
        message.id,
        aReport('delivered', 'DELIVERED', at(2 * SECOND)),
        at(2 * SECOND),
      );
      const read = aReport('read', 'DELIVERED', at(3 * SECOND));
      expect(await log.applyProviderReport(scope, message.id, read, at(3 * SECOND))).toMatchObject({
        kind: 'recorded',
        message: { status: 'DELIVERED', providerStatus: 'read' },
      });
      const unmapped = aReport('partially_delivered', undefined, at(4 * SECOND));
      const outcome = await log.applyProviderReport(scope, message.id, unmapped, at(4 * SECOND));
      expect(outcome).toMatchObject({
        kind: 'recorded',
        message: { status: 'DELIVERED', providerStatus: 'partially_delivered' },
      });
      expect((await log.get(scope, message.id))?.events.map((event) => event.type)).toEqual([
        'queued',
        'sent',
        'delivered',
        'read',
        'partially_delivered',
      ]);
    });

    it('ends a final status with its detail, and clears the next attempt of a waiting message', async () => {
      const message = aMessage(anApp(), {
        channel: 'voice',
        status: 'RETRYING',
        nextAttemptAt: at(MINUTE),
        providerMessageIds: [`CA${hex(16)}`],
      });
      await log.insert(message);
      const busy = aReport('busy', 'UNDELIVERABLE', at(SECOND), 'the line was busy');
      const ended = without(
        {
          ...message,
          status: 'UNDELIVERABLE',
          providerStatus: 'busy',
          events: [...message.events, busy.event],
          updatedAt: at(SECOND),
        },
        'nextAttemptAt',
      );
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, busy, at(SECOND)),
      ).toStrictEqual({ kind: 'moved', message: ended });
      expect(await claims.claim(message.id, 'worker-1', at(HOUR), MINUTE)).toBeUndefined();
      expect(
        await log.applyProviderReport(
          scopeOf(message),
          message.id,
          aReport('completed', 'DELIVERED', at(HOUR)),
          at(HOUR),
        ),
      ).toStrictEqual({ kind: 'unchanged', message: ended });
    });

    it('finds no message of another app, nor a missing one, and changes nothing', async () => {
      const message = await sentAs(`SM${hex(16)}`);
      const delivered = aReport('delivered', 'DELIVERED', at(2 * SECOND));
      expect(
        await log.applyProviderReport({ appId: anApp() }, message.id, delivered, at(HOUR)),
      ).toEqual({ kind: 'not_found' });
      expect(
        await log.applyProviderReport(scopeOf(message), 'msg_missing', delivered, at(HOUR)),
      ).toEqual({ kind: 'not_found' });
      expect(await log.get(scopeOf(message), message.id)).toStrictEqual(message);
    });

    it('keeps every event of reports that arrive together, ending at the furthest status', async () => {
      const message = await sentAs(`CA${hex(16)}`, { channel: 'voice' });
      const reports = [
        aReport('ringing', 'SENT', at(2 * SECOND)),
        aReport('answered', 'SENT', at(3 * SECOND)),
        aReport('completed', 'DELIVERED', at(4 * SECOND)),
      ];
      await Promise.all(
        reports.map((report) =>
          log.applyProviderReport(scopeOf(message), message.id, report, report.event.at),
        ),
      );
      const stored = await log.get(scopeOf(message), message.id);
      expect(stored?.status).toBe('DELIVERED');
      expect(stored?.events.map((event) => event.type).sort()).toEqual([
        'answered',
        'completed',
        'queued',
        'ringing',
        'sent',
      ]);
    });
  });
}
