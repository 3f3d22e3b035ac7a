import type { MessageEvent } from '../../src/contract/message-event';
import type { EngagementEntry } from '../../src/message-log/engagement-effect';
import { MAX_ENGAGEMENT_EVENTS } from '../../src/message-log/engagement-effect';
import type { MessageLog } from '../../src/message-log/message-log';
import {
  aMessage,
  anApp,
  at,
  DAY,
  hex,
  HOUR,
  ids,
  insertAll,
  insertSent,
  type MessageStoresFixture,
  MINUTE,
  scopeOf,
  SECOND,
  T0,
} from './message-fixtures';

const opened = (seconds: number, extra: Partial<MessageEvent> = {}): EngagementEntry => ({
  kind: 'open',
  event: {
    type: 'opened',
    at: at(seconds * SECOND),
    recipient: 'ann@example.com',
    client: 'desktop',
    ...extra,
  },
});
const clicked = (seconds: number): EngagementEntry => ({
  kind: 'click',
  event: {
    type: 'clicked',
    at: at(seconds * SECOND),
    recipient: 'ann@example.com',
    detail: 'https://shop.example/orders/2891',
    client: 'mobile',
  },
});
const unsubscribed: EngagementEntry = {
  kind: 'unsubscribe',
  event: {
    type: 'unsubscribed',
    at: at(HOUR),
    recipient: 'ann@example.com',
    detail: 'from newsletter',
  },
};

/**
 * Opens, clicks and unsubscribes recorded on messages, finding messages by event, and the facts
 * of an engagement summary: part of the MessageLog contract, on its stores.
 */
export function describeEngagement(stores: () => MessageStoresFixture): void {
  let log: MessageLog;

  beforeAll(() => {
    ({ log } = stores());
  });

  describe('engagement', () => {
    it('counts opens and clicks of people and machines apart, keeping the first times', async () => {
      const message = await insertSent(log, `ses-${hex(8)}`, { channel: 'email' });
      const scope = scopeOf(message);
      await log.recordEngagement(scope, message.id, opened(1, { machine: true }), at(SECOND));
      await log.recordEngagement(scope, message.id, opened(90), at(90 * SECOND));
      await log.recordEngagement(scope, message.id, opened(60), at(60 * SECOND));
      const outcome = await log.recordEngagement(scope, message.id, clicked(95), at(95 * SECOND));
      expect(outcome.kind).toBe('recorded');
      const stored = await log.get(scope, message.id);
      expect(stored?.engagement).toStrictEqual({
        opens: 2,
        clicks: 1,
        machineOpens: 1,
        machineClicks: 0,
        unsubscribes: 0,
        firstOpenedAt: at(60 * SECOND),
        firstClickedAt: at(95 * SECOND),
      });
      expect(stored?.events.slice(-4)).toStrictEqual([
        opened(1, { machine: true }).event,
        opened(90).event,
        opened(60).event,
        clicked(95).event,
      ]);
      expect(stored?.updatedAt).toEqual(at(95 * SECOND));
    });

    it('records an unsubscribe of a recipient once, and a report seen before not again', async () => {
      const message = await insertSent(log, `ses-${hex(8)}`, { channel: 'email' });
      const scope = scopeOf(message);
      expect(await log.recordEngagement(scope, message.id, unsubscribed, at(HOUR))).toMatchObject({
        kind: 'recorded',
        message: { engagement: { unsubscribes: 1 } },
      });
      const again = await log.recordEngagement(scope, message.id, unsubscribed, at(2 * HOUR));
      expect(again).toMatchObject({ kind: 'repeated', message: { updatedAt: at(HOUR) } });
      await log.recordEngagement(scope, message.id, opened(30), at(30 * SECOND));
      expect(
        (await log.recordEngagement(scope, message.id, opened(30), at(31 * SECOND))).kind,
      ).toBe('repeated');
      const stored = await log.get(scope, message.id);
      expect(
        stored?.events.filter((event) => event.type !== 'sent' && event.type !== 'queued'),
      ).toHaveLength(2);
      expect(stored?.engagement).toMatchObject({ unsubscribes: 1, opens: 1 });
    });

    it('keeps a bounded number of events and counts on beyond them', async () => {
      const message = await insertSent(log, `ses-${hex(8)}`, { channel: 'email' });
      const scope = scopeOf(message);
      for (let second = 0; second < MAX_ENGAGEMENT_EVENTS + 3; second += 1) {
        await log.recordEngagement(scope, message.id, opened(second + 20), at(HOUR));
      }
      const stored = await log.get(scope, message.id);
      expect(stored?.engagement?.opens).toBe(MAX_ENGAGEMENT_EVENTS + 3);
      expect(stored?.events.filter((event) => event.type === 'opened')).toHaveLength(
        MAX_ENGAGEMENT_EVENTS,
      );
    });

    it('records on a message of the app only', async () => {
      const message = await insertSent(log, `ses-${hex(8)}`, { channel: 'email' });
      expect(
        await log.recordEngagement({ appId: anApp() }, message.id, opened(5), at(HOUR)),
      ).toEqual({ kind: 'not_found' });
      expect(
        await log.recordEngagement(scopeOf(message), 'msg_missing', opened(5), at(HOUR)),
      ).toEqual({ kind: 'not_found' });
      expect((await log.get(scopeOf(message), message.id))?.engagement).toBeUndefined();
    });

    it('finds messages by the type of an event they hold', async () => {
      const appId = anApp();
      const plain = aMessage(appId, { channel: 'email', createdAt: at(MINUTE) });
      const seen = aMessage(appId, { channel: 'email', createdAt: at(2 * MINUTE) });
      const bounced = aMessage(appId, {
        channel: 'email',
        createdAt: at(3 * MINUTE),
        events: [{ type: 'bounced', at: at(3 * MINUTE), recipient: 'x@example.com' }],
      });
      await insertAll(log, [plain, seen, bounced]);
      await log.recordEngagement({ appId }, seen.id, opened(200), at(HOUR));
      expect(ids(await log.list({ appId }, { event: 'opened', limit: 10 }))).toEqual([seen.id]);
      expect(ids(await log.list({ appId }, { event: 'bounced', limit: 10 }))).toEqual([bounced.id]);
      expect(ids(await log.list({ appId }, { event: 'queued', limit: 10 }))).toEqual([
        seen.id,
        plain.id,
      ]);
      expect(ids(await log.listAcrossApps({ appId, event: 'clicked', limit: 10 }))).toEqual([]);
    });

    it("reads the facts of an app's emails in a range, oldest first, without their content", async () => {
      const appId = anApp();
      const template = { id: 'tpl_news', version: 3 };
      const first = aMessage(appId, {
        channel: 'email',
        content: { subject: 'News', html: '<p>big</p>', template },
        createdAt: at(DAY),
      });
      const second = aMessage(appId, { channel: 'email', createdAt: at(DAY + HOUR) });
      const outside = [
        aMessage(appId, { channel: 'email', createdAt: at(-SECOND) }),
        aMessage(appId, { channel: 'email', createdAt: at(2 * DAY) }),
        aMessage(appId, { channel: 'sms', createdAt: at(DAY) }),
        aMessage(anApp(), { channel: 'email', createdAt: at(DAY) }),
      ];
      await insertAll(log, [second, ...outside, first]);
      await log.recordEngagement({ appId }, first.id, opened(200), at(DAY));
      const facts = await log.engagementFacts({ appId }, { from: T0, to: at(2 * DAY), limit: 10 });
      expect(facts).toStrictEqual([
        {
          createdAt: first.createdAt,
          templateId: 'tpl_news',
          status: first.status,
          attempts: [],
          events: [...first.events, opened(200).event],
          engagement: {
            opens: 1,
            clicks: 0,
            machineOpens: 0,
            machineClicks: 0,
            unsubscribes: 0,
            firstOpenedAt: at(200 * SECOND),
          },
        },
        {
          createdAt: second.createdAt,
          status: second.status,
          attempts: [],
          events: second.events,
        },
      ]);
      const one = await log.engagementFacts({ appId }, { from: T0, to: at(2 * DAY), limit: 1 });
      expect(one.map((fact) => fact.createdAt)).toEqual([first.createdAt]);
    });
  });
}
