import type { MessageEvent } from '../../src/contract/message-event';
import type { ProviderReport } from '../../src/contract/provider-report';
import { DuplicateKeyError } from '../../src/common/database/persistence-errors';
import type { DispatchClaims } from '../../src/dispatch/dispatch-claims';
import type {
  MessageLog,
  MessagePage,
  MessagePosition,
  MessageQuery,
} from '../../src/message-log/message-log';
import type { Message } from '../../src/message-log/message.model';
import {
  aMessage,
  anApp,
  anAttempt,
  aReport,
  at,
  DAY,
  hex,
  HOUR,
  ids,
  MINUTE,
  type MessageStoresFixture,
  SECOND,
  T0,
  without,
} from './message-fixtures';

const isAfter = (a: MessagePosition, b: MessagePosition): boolean =>
  a.createdAt < b.createdAt || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id);

/** The behaviour every MessageLog adapter must have; run against each of them. */
export function describeMessageLogContract(
  name: string,
  open: () => Promise<MessageStoresFixture>,
): void {
  describe(`MessageLog contract: ${name}`, () => {
    let fixture: MessageStoresFixture;
    let log: MessageLog;
    let claims: DispatchClaims;

    beforeAll(async () => {
      fixture = await open();
      ({ log, claims } = fixture);
    });
    afterAll(async () => {
      await fixture.close();
    });

    /** For the sweeper's queries, which look at every app: a log with nothing else in it. */
    async function withEmptyLog(test: (empty: MessageLog) => Promise<void>): Promise<void> {
      const own = await open();
      try {
        await test(own.log);
      } finally {
        await own.close();
      }
    }

    async function insertAll(messages: readonly Message[]): Promise<void> {
      for (const message of messages) await log.insert(message);
    }

    describe('insert and read', () => {
      it('stores a message whole and finds it only within its app', async () => {
        const appId = anApp();
        const message = aMessage(appId, {
          channel: 'email',
          to: ['ada@example.com', 'grace@example.com'],
          content: { subject: 'Hi', html: '<p>Hi</p>', tags: [{ name: 'kind', value: 'welcome' }] },
          metadata: { orderId: '42', team: 'growth' },
          priority: 9,
          provider: 'smtp-primary',
          callbackUrl: 'https://example.com/hooks/status',
          scheduledAt: at(HOUR),
          nextAttemptAt: at(HOUR),
          status: 'SCHEDULED',
        });
        await log.insert(message);
        expect(await log.get({ appId }, message.id)).toStrictEqual(message);
        expect(await log.getAcrossApps(message.id)).toStrictEqual(message);
        expect(await log.get({ appId: anApp() }, message.id)).toBeUndefined();
        expect(await log.get({ appId }, 'msg_missing')).toBeUndefined();
        expect(await log.getAcrossApps('msg_missing')).toBeUndefined();
      });

      it('leaves absent optional fields absent, and keeps empty content and metadata', async () => {
        const appId = anApp();
        const message = aMessage(appId, { content: {}, metadata: {} });
        await log.insert(message);
        expect(await log.get({ appId }, message.id)).toStrictEqual(message);
      });

      it('refuses a second message with the same id as a conflict', async () => {
        const message = aMessage(anApp());
        await log.insert(message);
        await expect(log.insert({ ...message, priority: 1 })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
      });
    });

    describe('listing', () => {
      const appId = anApp();
      const list = (query: Omit<MessageQuery, 'limit'>): Promise<MessagePage> =>
        log.list({ appId }, { limit: 100, ...query });

      const sms = aMessage(appId, {
        to: ['+15555550101'],
        metadata: { team: 'a' },
        createdAt: at(1 * MINUTE),
      });
      const email = aMessage(appId, {
        channel: 'email',
        status: 'SENT',
        to: ['ada@example.com', 'grace@example.com'],
        metadata: { team: 'b', tier: 'gold' },
        createdAt: at(2 * MINUTE),
      });
      const sentSms = aMessage(appId, {
        status: 'SENT',
        to: ['+15555550102'],
        metadata: { team: 'a', tier: 'gold' },
        createdAt: at(3 * MINUTE),
      });
      const whatsapp = aMessage(appId, {
        channel: 'whatsapp',
        status: 'FAILED',
        to: ['+15555550101'],
        createdAt: at(4 * MINUTE),
      });

      beforeAll(async () => {
        await insertAll([sms, email, sentSms, whatsapp]);
        await log.insert(aMessage(anApp(), { to: ['+15555550101'], metadata: { team: 'a' } }));
      });

      it("lists the app's own messages newest first", async () => {
        const page = await list({});
        expect(ids(page)).toEqual([whatsapp.id, sentSms.id, email.id, sms.id]);
        expect(page.items[0]).toStrictEqual(whatsapp);
        expect(page.next).toBeUndefined();
        expect(page.total).toBeUndefined();
      });

      it('filters by channel, status, one destination, time range and metadata', async () => {
        expect(ids(await list({ channel: 'sms' }))).toEqual([sentSms.id, sms.id]);
        expect(ids(await list({ status: 'SENT' }))).toEqual([sentSms.id, email.id]);
        expect(ids(await list({ to: '+15555550101' }))).toEqual([whatsapp.id, sms.id]);
        expect(ids(await list({ to: 'grace@example.com' }))).toEqual([email.id]);
        expect(ids(await list({ after: at(2 * MINUTE) }))).toEqual([
          whatsapp.id,
          sentSms.id,
          email.id,
        ]);
        expect(ids(await list({ before: at(2 * MINUTE) }))).toEqual([email.id, sms.id]);
        expect(ids(await list({ metadata: { team: 'a' } }))).toEqual([sentSms.id, sms.id]);
        expect(ids(await list({ metadata: { tier: 'gold' } }))).toEqual([sentSms.id, email.id]);
      });

      it('combines filters with AND', async () => {
        expect(ids(await list({ metadata: { team: 'a', tier: 'gold' } }))).toEqual([sentSms.id]);
        expect(
          ids(await list({ channel: 'sms', status: 'SENT', metadata: { tier: 'gold' } })),
        ).toEqual([sentSms.id]);
        expect(
          ids(await list({ after: at(2 * MINUTE), before: at(3 * MINUTE), status: 'SENT' })),
        ).toEqual([sentSms.id, email.id]);
        expect(ids(await list({ channel: 'email', to: '+15555550101' }))).toEqual([]);
        expect(ids(await list({ metadata: { team: 'a', missing: 'x' } }))).toEqual([]);
      });

      it('pages by offset with the total count of matches', async () => {
        const first = await log.list({ appId }, { limit: 3, offset: 0 });
        expect(ids(first)).toEqual([whatsapp.id, sentSms.id, email.id]);
        expect(first.total).toBe(4);
        const second = await log.list({ appId }, { limit: 3, offset: 3 });
        expect(ids(second)).toEqual([sms.id]);
        expect(second.total).toBe(4);
        expect(second.next).toBeUndefined();
        const filtered = await log.list({ appId }, { limit: 1, offset: 1, channel: 'sms' });
        expect(ids(filtered)).toEqual([sms.id]);
        expect(filtered.total).toBe(2);
        const beyond = await log.list({ appId }, { limit: 3, offset: 10 });
        expect(beyond.items).toEqual([]);
        expect(beyond.total).toBe(4);
      });
    });

    it('walks 250 messages by cursor, each once, while new ones arrive between pages', async () => {
      const appId = anApp();
      // Three at each instant, so that ties on createdAt are ordered by id.
      const existing = Array.from({ length: 250 }, (_, i) =>
        aMessage(appId, { createdAt: at(Math.floor(i / 3) * SECOND) }),
      );
      for (let i = 0; i < existing.length; i += 50) {
        await Promise.all(existing.slice(i, i + 50).map((message) => log.insert(message)));
      }

      const seen: Message[] = [];
      let cursor: MessagePosition | undefined;
      let pages = 0;
      do {
        const page = await log.list({ appId }, { limit: 20, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(20);
        expect(page.total).toBeUndefined();
        seen.push(...page.items);
        cursor = page.next;
        pages += 1;
        if (cursor) {
          // Newer than every page, tied with the cursor, older than every page.
          await log.insert(aMessage(appId, { createdAt: at(DAY) }));
          await log.insert(aMessage(appId, { createdAt: cursor.createdAt }));
          await log.insert(aMessage(appId, { createdAt: at(-DAY) }));
        }
      } while (cursor !== undefined && pages < 100);

      const seenIds = seen.map((message) => message.id);
      expect(new Set(seenIds).size).toBe(seenIds.length);
      expect(seenIds).toEqual(expect.arrayContaining(existing.map((message) => message.id)));
      for (let i = 1; i < seen.length; i += 1) expect(isAfter(seen[i], seen[i - 1])).toBe(true);
      expect(seen.filter((message) => message.createdAt >= at(DAY))).toEqual([]);
    });

    it('lets an admin list across apps, or within one app', async () => {
      const run = hex(6);
      const [one, two] = [anApp(), anApp()];
      const a = aMessage(one, { metadata: { run }, createdAt: at(MINUTE) });
      const b = aMessage(two, { metadata: { run }, createdAt: at(2 * MINUTE) });
      const c = aMessage(one, { metadata: { run }, createdAt: at(3 * MINUTE) });
      await insertAll([a, b, c]);

      expect(ids(await log.listAcrossApps({ limit: 10, metadata: { run } }))).toEqual([
        c.id,
        b.id,
        a.id,
      ]);
      expect(ids(await log.listAcrossApps({ limit: 10, metadata: { run }, appId: one }))).toEqual([
        c.id,
        a.id,
      ]);
      const paged = await log.listAcrossApps({ limit: 2, metadata: { run } });
      expect(ids(paged)).toEqual([c.id, b.id]);
      expect(paged.next).toEqual({ createdAt: b.createdAt, id: b.id });
      const rest = await log.listAcrossApps({ limit: 2, metadata: { run }, cursor: paged.next! });
      expect(ids(rest)).toEqual([a.id]);
      expect(rest.next).toBeUndefined();
      const counted = await log.listAcrossApps({ limit: 1, offset: 0, metadata: { run } });
      expect(counted.total).toBe(3);
    });

    describe('events', () => {
      it('appends events in order', async () => {
        const appId = anApp();
        const message = aMessage(appId);
        await log.insert(message);
        const events: MessageEvent[] = [
          { type: 'callback', at: at(SECOND), detail: 'HTTP 200' },
          { type: 'delivered', at: at(2 * SECOND), recipient: '+15555550100' },
        ];
        await log.appendEvents(message.id, events, at(3 * SECOND));
        await log.appendEvents(message.id, [], at(HOUR));
        await log.appendEvents('msg_missing', events, at(3 * SECOND));
        expect(await log.get({ appId }, message.id)).toStrictEqual({
          ...message,
          events: [...message.events, ...events],
          updatedAt: at(3 * SECOND),
        });
      });
    });

    describe('provider reports', () => {
      /** A message its provider took as `sid`: SENT, as the dispatcher records it. */
      async function sentAs(sid: string, overrides: Partial<Message> = {}): Promise<Message> {
        const message = aMessage(anApp(), {
          status: 'SENT',
          attempts: [anAttempt({ providerMessageId: sid })],
          events: [
            { type: 'queued', at: T0 },
            { type: 'sent', at: at(SECOND), detail: 'twilio-sms' },
          ],
          providerMessageIds: [sid],
          providerStatus: 'queued',
          updatedAt: at(SECOND),
          ...overrides,
        });
        await log.insert(without(message, 'nextAttemptAt'));
        return without(message, 'nextAttemptAt');
      }
      const scopeOf = (message: Message) => ({ appId: message.appId });

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
        expect(
          await log.applyProviderReport(scope, message.id, read, at(3 * SECOND)),
        ).toMatchObject({
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
          sentAs(`ses-${hex(16)}`, { channel: 'email', to: recipients, content: {} });

        it('moves the status once every recipient is settled, recording each one on the way', async () => {
          const message = await anEmail();
          const scope = scopeOf(message);
          const first = delivery('ann@example.com', at(2 * SECOND));
          expect(
            await log.applyProviderReport(scope, message.id, first, at(2 * SECOND)),
          ).toMatchObject({ kind: 'recorded', message: { status: 'SENT' } });
          expect(
            await log.applyProviderReport(
              scope,
              message.id,
              delivery('ann@example.com', at(HOUR)),
              at(HOUR),
            ),
          ).toMatchObject({ kind: 'unchanged', message: { status: 'SENT' } });
          const last = delivery('bob@example.com', at(3 * SECOND));
          expect(
            await log.applyProviderReport(scope, message.id, last, at(3 * SECOND)),
          ).toStrictEqual({
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
    });

    describe('cancel', () => {
      it('cancels a queued or scheduled message in its own app', async () => {
        const appId = anApp();
        const queued = aMessage(appId);
        const scheduled = aMessage(appId, { status: 'SCHEDULED', nextAttemptAt: at(DAY) });
        await insertAll([queued, scheduled]);

        expect(await log.cancel({ appId: anApp() }, queued.id, at(SECOND))).toEqual({
          kind: 'not_found',
        });
        const outcome = await log.cancel({ appId }, queued.id, at(SECOND));
        const canceled = without(
          {
            ...queued,
            status: 'CANCELED',
            events: [...queued.events, { type: 'canceled', at: at(SECOND) }],
            updatedAt: at(SECOND),
          },
          'nextAttemptAt',
        );
        expect(outcome).toStrictEqual({ kind: 'canceled', message: canceled });
        expect(await log.get({ appId }, queued.id)).toStrictEqual(canceled);
        expect(await claims.claim(queued.id, 'worker-1', at(HOUR), MINUTE)).toBeUndefined();

        expect(await log.cancel({ appId }, scheduled.id, at(SECOND))).toMatchObject({
          kind: 'canceled',
          message: { status: 'CANCELED' },
        });
      });

      it('tells a missing message from one that can no longer be canceled', async () => {
        const appId = anApp();
        const sent = aMessage(appId, { status: 'SENT' });
        const sending = aMessage(appId);
        await insertAll([sent, sending]);
        await claims.claim(sending.id, 'worker-1', T0, MINUTE);
        const canceled = aMessage(appId);
        await log.insert(canceled);
        await log.cancel({ appId }, canceled.id, T0);

        expect(await log.cancel({ appId }, 'msg_missing', T0)).toEqual({ kind: 'not_found' });
        expect(await log.cancel({ appId }, sent.id, T0)).toEqual({
          kind: 'not_cancelable',
          status: 'SENT',
        });
        expect(await log.cancel({ appId }, sending.id, T0)).toEqual({
          kind: 'not_cancelable',
          status: 'SENDING',
        });
        expect(await log.cancel({ appId }, canceled.id, T0)).toEqual({
          kind: 'not_cancelable',
          status: 'CANCELED',
        });
        expect((await log.get({ appId }, sent.id))?.events).toEqual(sent.events);
      });
    });

    it('purges messages whose retention ended', async () => {
      await withEmptyLog(async (empty) => {
        const appId = anApp();
        const expired = [at(-DAY), at(-SECOND), T0].map((expiresAt) =>
          aMessage(appId, { expiresAt }),
        );
        const kept = [at(SECOND), at(DAY)].map((expiresAt) => aMessage(appId, { expiresAt }));
        for (const message of [...expired, ...kept]) await empty.insert(message);

        expect(await empty.purgeExpired(T0)).toBe(3);
        for (const message of expired)
          expect(await empty.get({ appId }, message.id)).toBeUndefined();
        expect(ids(await empty.list({ appId }, { limit: 10 })).sort()).toEqual(
          kept.map((message) => message.id).sort(),
        );
        expect(await empty.purgeExpired(T0)).toBe(0);
      });
    });
  });
}
