import type { MessageEvent } from '../../src/contract/message-event';
import { DuplicateKeyError } from '../../src/common/database/persistence-errors';
import type { DispatchClaims } from '../../src/dispatch/dispatch-claims';
import type { MessageLog } from '../../src/message-log/message-log';
import {
  aMessage,
  anApp,
  at,
  DAY,
  HOUR,
  insertAll,
  ids,
  MINUTE,
  type MessageStoresFixture,
  SECOND,
  T0,
  suiteStores,
  without,
  withOwnStores,
} from './message-fixtures';
import { describeMessagePaging } from './message-log-paging.contract';
import { describeProviderReports } from './message-log-reports.contract';
import { describeRecipientReports } from './message-recipient-reports.contract';
import { describeEngagement } from './message-engagement.contract';

/** The behaviour every MessageLog adapter must have; run against each of them. */
export function describeMessageLogContract(
  name: string,
  open: () => Promise<MessageStoresFixture>,
): void {
  describe(`MessageLog contract: ${name}`, () => {
    const stores = suiteStores(open);
    let log: MessageLog;
    let claims: DispatchClaims;

    beforeAll(() => {
      ({ log, claims } = stores());
    });

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

    describeMessagePaging(stores);

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

    describeProviderReports(stores);
    describeRecipientReports(stores);
    describeEngagement(stores);

    describe('cancel', () => {
      it('cancels a queued or scheduled message in its own app', async () => {
        const appId = anApp();
        const queued = aMessage(appId);
        const scheduled = aMessage(appId, { status: 'SCHEDULED', nextAttemptAt: at(DAY) });
        await insertAll(log, [queued, scheduled]);

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
        await insertAll(log, [sent, sending]);
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

    it('keeps sealed content as given, and rewrites it where the resealer answers', async () => {
      await withOwnStores(open, async ({ log: own }) => {
        const appId = anApp();
        const stale = aMessage(appId, { sealedContent: 'enc:v1:old:c2VhbGVk' });
        const current = aMessage(appId, { sealedContent: 'enc:v1:new:c2VhbGVk' });
        const plain = aMessage(appId);
        await insertAll(own, [stale, current, plain]);
        expect(await own.get({ appId }, stale.id)).toStrictEqual(stale);

        const seen: string[] = [];
        const rewritten = await own.resealContent((message) => {
          seen.push(`${message.appId}/${message.id}`);
          return message.sealedContent.includes(':old:') ? 'enc:v1:new:cmVzZWFsZWQ' : undefined;
        });
        expect(rewritten).toBe(1);
        expect(seen.sort()).toEqual([`${appId}/${stale.id}`, `${appId}/${current.id}`].sort());
        expect(await own.get({ appId }, stale.id)).toStrictEqual({
          ...stale,
          sealedContent: 'enc:v1:new:cmVzZWFsZWQ',
        });
        expect(await own.get({ appId }, current.id)).toStrictEqual(current);
        expect(await own.get({ appId }, plain.id)).toStrictEqual(plain);
      });
    });

    it('purges messages whose retention ended', async () => {
      await withOwnStores(open, async ({ log: empty }) => {
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
