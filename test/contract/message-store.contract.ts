import { randomBytes } from 'node:crypto';
import { DuplicateKeyError } from '../../src/common/database/persistence-errors';
import type { Attempt, Message } from '../../src/message-log/message.model';
import type {
  AttemptResult,
  MessagePage,
  MessagePosition,
  MessageQuery,
  MessageStore,
} from '../../src/message-log/message.store';
import type { ProviderReport } from '../../src/contract/provider-report';
import type { MessageEvent } from '../../src/contract/message-event';

export interface MessageStoreFixture {
  readonly store: MessageStore;
  close(): Promise<void>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Far enough ahead that a real MongoDB's TTL monitor never removes a document mid-test. */
export const T0 = new Date('2090-01-01T00:00:00Z');
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

export const anApp = (): string => `app_${hex(8)}`;

export function aMessage(appId: string, overrides: Partial<Message> = {}): Message {
  const createdAt = overrides.createdAt ?? T0;
  return {
    id: `msg_${hex(12)}`,
    appId,
    channel: 'sms',
    status: 'QUEUED',
    to: ['+15555550100'],
    content: { body: 'Your code is 123456', segments: 1, encoding: 'GSM-7' },
    metadata: {},
    priority: 5,
    nextAttemptAt: createdAt,
    route: { providerIndex: 0, providerAttempts: 0 },
    attempts: [],
    events: [{ type: 'queued', at: createdAt }],
    providerMessageIds: [],
    createdAt,
    updatedAt: createdAt,
    expiresAt: new Date(createdAt.getTime() + 90 * DAY),
    ...overrides,
  };
}

/** A message sent with `Idempotency-Key: key`, the key alive for 24 h. */
export function keyed(appId: string, key: string, overrides: Partial<Message> = {}): Message {
  const createdAt = overrides.createdAt ?? T0;
  return aMessage(appId, {
    idempotencyKey: key,
    requestHash: 'hash-of-the-body',
    idempotencyExpiresAt: new Date(createdAt.getTime() + DAY),
    ...overrides,
  });
}

function anAttempt(overrides: Partial<Attempt> = {}): Attempt {
  return {
    provider: 'sandbox-sms',
    status: 'SENT',
    durationMs: 42,
    timestamp: T0,
    ...overrides,
  };
}

function aResult(attempt: Attempt, overrides: Partial<AttemptResult> = {}): AttemptResult {
  return {
    attempt,
    status: attempt.status,
    route: { providerIndex: 0, providerAttempts: 1 },
    events: [{ type: attempt.status.toLowerCase(), at: attempt.timestamp }],
    ...overrides,
  };
}

/** Twilio's `state`, meaning `status`, seen at `seenAt`. */
function aReport(
  state: string,
  status: ProviderReport['status'],
  seenAt: Date,
  detail?: string,
): ProviderReport {
  return {
    providerStatus: state,
    ...(status ? { status } : {}),
    event: { type: state, at: seenAt, ...(detail ? { detail } : {}) },
  };
}

export const ids = (page: MessagePage): string[] => page.items.map((message) => message.id);

/** `value` without `key`: what a store returns once it cleared that field. */
function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  Reflect.deleteProperty(copy, key);
  return copy;
}

const isAfter = (a: MessagePosition, b: MessagePosition): boolean =>
  a.createdAt < b.createdAt || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id);

/** The behaviour every MessageStore adapter must have; run against each of them. */
export function describeMessageStoreContract(
  name: string,
  open: () => Promise<MessageStoreFixture>,
): void {
  describe(`MessageStore contract: ${name}`, () => {
    let fixture: MessageStoreFixture;
    let store: MessageStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    /** For the sweeper's queries, which look at every app: a store with nothing else in it. */
    async function withEmptyStore(test: (empty: MessageStore) => Promise<void>): Promise<void> {
      const own = await open();
      try {
        await test(own.store);
      } finally {
        await own.close();
      }
    }

    async function insertAll(messages: readonly Message[]): Promise<void> {
      for (const message of messages) await store.insert(message);
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
        await store.insert(message);
        expect(await store.get({ appId }, message.id)).toStrictEqual(message);
        expect(await store.getAcrossApps(message.id)).toStrictEqual(message);
        expect(await store.get({ appId: anApp() }, message.id)).toBeUndefined();
        expect(await store.get({ appId }, 'msg_missing')).toBeUndefined();
        expect(await store.getAcrossApps('msg_missing')).toBeUndefined();
      });

      it('leaves absent optional fields absent, and keeps empty content and metadata', async () => {
        const appId = anApp();
        const message = aMessage(appId, { content: {}, metadata: {} });
        await store.insert(message);
        expect(await store.get({ appId }, message.id)).toStrictEqual(message);
      });

      it('refuses a second message with the same id as a conflict', async () => {
        const message = aMessage(anApp());
        await store.insert(message);
        await expect(store.insert({ ...message, priority: 1 })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
      });
    });

    describe('listing', () => {
      const appId = anApp();
      const list = (query: Omit<MessageQuery, 'limit'>): Promise<MessagePage> =>
        store.list({ appId }, { limit: 100, ...query });

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
        await store.insert(aMessage(anApp(), { to: ['+15555550101'], metadata: { team: 'a' } }));
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
        const first = await store.list({ appId }, { limit: 3, offset: 0 });
        expect(ids(first)).toEqual([whatsapp.id, sentSms.id, email.id]);
        expect(first.total).toBe(4);
        const second = await store.list({ appId }, { limit: 3, offset: 3 });
        expect(ids(second)).toEqual([sms.id]);
        expect(second.total).toBe(4);
        expect(second.next).toBeUndefined();
        const filtered = await store.list({ appId }, { limit: 1, offset: 1, channel: 'sms' });
        expect(ids(filtered)).toEqual([sms.id]);
        expect(filtered.total).toBe(2);
        const beyond = await store.list({ appId }, { limit: 3, offset: 10 });
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
        await Promise.all(existing.slice(i, i + 50).map((message) => store.insert(message)));
      }

      const seen: Message[] = [];
      let cursor: MessagePosition | undefined;
      let pages = 0;
      do {
        const page = await store.list({ appId }, { limit: 20, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(20);
        expect(page.total).toBeUndefined();
        seen.push(...page.items);
        cursor = page.next;
        pages += 1;
        if (cursor) {
          // Newer than every page, tied with the cursor, older than every page.
          await store.insert(aMessage(appId, { createdAt: at(DAY) }));
          await store.insert(aMessage(appId, { createdAt: cursor.createdAt }));
          await store.insert(aMessage(appId, { createdAt: at(-DAY) }));
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

      expect(ids(await store.listAcrossApps({ limit: 10, metadata: { run } }))).toEqual([
        c.id,
        b.id,
        a.id,
      ]);
      expect(ids(await store.listAcrossApps({ limit: 10, metadata: { run }, appId: one }))).toEqual(
        [c.id, a.id],
      );
      const paged = await store.listAcrossApps({ limit: 2, metadata: { run } });
      expect(ids(paged)).toEqual([c.id, b.id]);
      expect(paged.next).toEqual({ createdAt: b.createdAt, id: b.id });
      const rest = await store.listAcrossApps({ limit: 2, metadata: { run }, cursor: paged.next! });
      expect(ids(rest)).toEqual([a.id]);
      expect(rest.next).toBeUndefined();
      const counted = await store.listAcrossApps({ limit: 1, offset: 0, metadata: { run } });
      expect(counted.total).toBe(3);
    });

    describe('dispatch', () => {
      it('claims a pending message only once it is due', async () => {
        const appId = anApp();
        const queued = aMessage(appId, { nextAttemptAt: at(MINUTE) });
        const scheduled = aMessage(appId, { status: 'SCHEDULED', nextAttemptAt: at(HOUR) });
        await insertAll([queued, scheduled]);

        expect(
          await store.claim(queued.id, 'worker-1', at(MINUTE - 1), 30 * SECOND),
        ).toBeUndefined();
        const claimed = await store.claim(queued.id, 'worker-1', at(MINUTE), 30 * SECOND);
        expect(claimed).toStrictEqual({
          ...queued,
          status: 'SENDING',
          claim: { owner: 'worker-1', expiresAt: at(MINUTE + 30 * SECOND) },
          updatedAt: at(MINUTE),
        });
        expect(await store.get({ appId }, queued.id)).toStrictEqual(claimed);

        expect(
          await store.claim(scheduled.id, 'worker-1', at(MINUTE), 30 * SECOND),
        ).toBeUndefined();
        expect(await store.claim(scheduled.id, 'worker-1', at(HOUR), 30 * SECOND)).toMatchObject({
          status: 'SENDING',
        });
        expect(await store.claim('msg_missing', 'worker-1', at(HOUR), 30 * SECOND)).toBeUndefined();
      });

      it('lets exactly one of several concurrent claimers win', async () => {
        const appId = anApp();
        const messages = Array.from({ length: 5 }, () => aMessage(appId));
        await insertAll(messages);
        for (const [index, message] of messages.entries()) {
          const workers = Array.from({ length: index === 0 ? 10 : 2 }, (_, i) => `worker-${i}`);
          const claims = await Promise.all(
            workers.map((worker) => store.claim(message.id, worker, T0, MINUTE)),
          );
          const winners = claims.filter((claim) => claim !== undefined);
          expect(winners).toHaveLength(1);
          const stored = await store.get({ appId }, message.id);
          expect(stored?.claim?.owner).toBe(winners[0].claim?.owner);
        }
      });

      it('lets another worker take a lapsed claim, after which the old owner cannot complete', async () => {
        const appId = anApp();
        const message = aMessage(appId);
        await store.insert(message);
        await store.claim(message.id, 'worker-1', T0, MINUTE);

        expect(await store.claim(message.id, 'worker-2', at(MINUTE - 1), MINUTE)).toBeUndefined();
        const retaken = await store.claim(message.id, 'worker-2', at(MINUTE), MINUTE);
        expect(retaken?.claim).toEqual({ owner: 'worker-2', expiresAt: at(2 * MINUTE) });

        const result = aResult(anAttempt({ timestamp: at(MINUTE) }));
        expect(await store.complete(message.id, 'worker-1', result, at(MINUTE))).toBeUndefined();
        expect(await store.complete(message.id, 'worker-2', result, at(MINUTE))).toMatchObject({
          status: 'SENT',
        });
      });

      it('never claims a message once it is sent or final', async () => {
        const appId = anApp();
        const finals = (['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'] as const).map(
          (status) => aMessage(appId, { status, nextAttemptAt: at(-HOUR) }),
        );
        await insertAll(finals);
        for (const message of finals) {
          expect(await store.claim(message.id, 'worker-1', at(HOUR), MINUTE)).toBeUndefined();
        }
      });

      it('completes for the claim holder only, appending attempts and events in order', async () => {
        const appId = anApp();
        const message = aMessage(appId);
        await store.insert(message);
        await store.claim(message.id, 'worker-1', T0, MINUTE);

        const timeout = anAttempt({
          provider: 'twilio-sms',
          status: 'RETRYING',
          errorCategory: 'TIMEOUT',
          errorMessage: 'no answer within 10 s',
          durationMs: 10_000,
          timestamp: at(10 * SECOND),
        });
        const retrying = await store.complete(
          message.id,
          'worker-2',
          aResult(timeout, { nextAttemptAt: at(MINUTE) }),
          at(10 * SECOND),
        );
        expect(retrying).toBeUndefined();
        const afterRetry = await store.complete(
          message.id,
          'worker-1',
          aResult(timeout, {
            nextAttemptAt: at(MINUTE),
            events: [{ type: 'retrying', at: at(10 * SECOND), detail: 'TIMEOUT' }],
          }),
          at(10 * SECOND),
        );
        expect(afterRetry).toStrictEqual({
          ...message,
          status: 'RETRYING',
          nextAttemptAt: at(MINUTE),
          route: { providerIndex: 0, providerAttempts: 1 },
          attempts: [timeout],
          events: [...message.events, { type: 'retrying', at: at(10 * SECOND), detail: 'TIMEOUT' }],
          updatedAt: at(10 * SECOND),
        });
        expect(
          await store.complete(message.id, 'worker-1', aResult(timeout), at(11 * SECOND)),
        ).toBeUndefined();

        expect(await store.claim(message.id, 'worker-3', at(MINUTE), MINUTE)).toBeDefined();
        const sent = anAttempt({
          provider: 'vonage-sms',
          status: 'SENT',
          providerMessageId: 'SM0123456789',
          timestamp: at(MINUTE + SECOND),
        });
        const events: MessageEvent[] = [
          { type: 'sending', at: at(MINUTE) },
          { type: 'sent', at: at(MINUTE + SECOND), recipient: '+15555550100' },
        ];
        const done = await store.complete(
          message.id,
          'worker-3',
          aResult(sent, {
            route: { providerIndex: 1, providerAttempts: 1 },
            events,
            providerStatus: 'queued',
          }),
          at(MINUTE + SECOND),
        );
        expect(done).toStrictEqual(
          without(
            {
              ...message,
              status: 'SENT',
              route: { providerIndex: 1, providerAttempts: 1 },
              attempts: [timeout, sent],
              events: [
                ...message.events,
                { type: 'retrying', at: at(10 * SECOND), detail: 'TIMEOUT' },
                ...events,
              ],
              providerMessageIds: ['SM0123456789'],
              providerStatus: 'queued',
              updatedAt: at(MINUTE + SECOND),
            },
            'nextAttemptAt',
          ),
        );
        expect(await store.get({ appId }, message.id)).toStrictEqual(done);
      });

      it('records each provider message id once', async () => {
        const message = aMessage(anApp(), {
          status: 'RETRYING',
          providerMessageIds: ['CA0001'],
          attempts: [anAttempt({ status: 'RETRYING', providerMessageId: 'CA0001' })],
        });
        await store.insert(message);
        await store.claim(message.id, 'worker-1', T0, MINUTE);
        const done = await store.complete(
          message.id,
          'worker-1',
          aResult(anAttempt({ providerMessageId: 'CA0001' })),
          T0,
        );
        expect(done?.providerMessageIds).toEqual(['CA0001']);
        expect(done?.attempts).toHaveLength(2);
      });

      it('releases a claim so that another worker can take it at once', async () => {
        const message = aMessage(anApp());
        await store.insert(message);
        await store.claim(message.id, 'worker-1', T0, 5 * MINUTE);

        await store.release(message.id, 'worker-2', at(SECOND));
        expect(await store.claim(message.id, 'worker-3', at(SECOND), MINUTE)).toBeUndefined();

        await store.release(message.id, 'worker-1', at(SECOND));
        const taken = await store.claim(message.id, 'worker-3', at(SECOND), MINUTE);
        expect(taken?.claim).toEqual({ owner: 'worker-3', expiresAt: at(SECOND + MINUTE) });
        await store.release('msg_missing', 'worker-1', at(SECOND));
      });

      it('appends events in order', async () => {
        const appId = anApp();
        const message = aMessage(appId);
        await store.insert(message);
        const events: MessageEvent[] = [
          { type: 'callback', at: at(SECOND), detail: 'HTTP 200' },
          { type: 'delivered', at: at(2 * SECOND), recipient: '+15555550100' },
        ];
        await store.appendEvents(message.id, events, at(3 * SECOND));
        await store.appendEvents(message.id, [], at(HOUR));
        await store.appendEvents('msg_missing', events, at(3 * SECOND));
        expect(await store.get({ appId }, message.id)).toStrictEqual({
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
        await store.insert(without(message, 'nextAttemptAt'));
        return without(message, 'nextAttemptAt');
      }
      const scopeOf = (message: Message) => ({ appId: message.appId });

      it('finds a message by its provider id across apps, and nothing for an unknown id', async () => {
        const sid = `SM${hex(16)}`;
        const message = await sentAs(sid, { providerMessageIds: [`SM${hex(16)}`, sid] });
        expect(await store.findByProviderMessageIdAcrossApps(sid)).toStrictEqual(message);
        expect(await store.findByProviderMessageIdAcrossApps(`SM${hex(16)}`)).toBeUndefined();
      });

      it('finds a message by the provider id its attempt recorded', async () => {
        const message = aMessage(anApp());
        await store.insert(message);
        await store.claim(message.id, 'worker-1', T0, MINUTE);
        const sid = `CA${hex(16)}`;
        await store.complete(
          message.id,
          'worker-1',
          aResult(anAttempt({ providerMessageId: sid })),
          at(SECOND),
        );
        expect((await store.findByProviderMessageIdAcrossApps(sid))?.id).toBe(message.id);
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
          await store.applyProviderReport(scopeOf(message), message.id, sent, at(3 * SECOND)),
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
          await store.applyProviderReport(scopeOf(message), message.id, delivered, at(5 * SECOND)),
        ).toStrictEqual({ kind: 'moved', message: afterDelivered });
        expect(await store.get(scopeOf(message), message.id)).toStrictEqual(afterDelivered);
      });

      it('changes nothing at all for a late report behind the status, or a repeated one', async () => {
        const message = await sentAs(`SM${hex(16)}`);
        const delivered = aReport('delivered', 'DELIVERED', at(2 * SECOND));
        await store.applyProviderReport(scopeOf(message), message.id, delivered, at(2 * SECOND));
        const settled = await store.get(scopeOf(message), message.id);

        for (const [report, now] of [
          [aReport('sent', 'SENT', at(HOUR)), at(HOUR)],
          [aReport('queued', 'SENT', at(HOUR)), at(HOUR)],
          [aReport('delivered', 'DELIVERED', at(HOUR)), at(HOUR)],
          [aReport('failed', 'FAILED', at(HOUR), 'Twilio error 30008'), at(HOUR)],
        ] as const) {
          expect(
            await store.applyProviderReport(scopeOf(message), message.id, report, now),
          ).toStrictEqual({ kind: 'unchanged', message: settled });
        }
        expect(await store.get(scopeOf(message), message.id)).toStrictEqual(settled);
      });

      it('records each new event while the status stays, once', async () => {
        const message = await sentAs(`CA${hex(16)}`, { channel: 'voice' });
        const ringing = aReport('ringing', 'SENT', at(2 * SECOND));
        const answered: ProviderReport = {
          providerStatus: 'in-progress',
          status: 'SENT',
          event: { type: 'answered', at: at(3 * SECOND) },
        };
        await store.applyProviderReport(scopeOf(message), message.id, ringing, at(2 * SECOND));
        expect(
          await store.applyProviderReport(scopeOf(message), message.id, answered, at(3 * SECOND)),
        ).toMatchObject({ kind: 'recorded', message: { status: 'SENT' } });
        const afterAnswer = await store.get(scopeOf(message), message.id);
        expect(afterAnswer).toStrictEqual({
          ...message,
          providerStatus: 'in-progress',
          events: [...message.events, ringing.event, answered.event],
          updatedAt: at(3 * SECOND),
        });

        const lateRinging = aReport('ringing', 'SENT', at(4 * SECOND));
        expect(
          await store.applyProviderReport(scopeOf(message), message.id, lateRinging, at(HOUR)),
        ).toEqual({ kind: 'unchanged', message: afterAnswer });
        expect(await store.get(scopeOf(message), message.id)).toStrictEqual(afterAnswer);
      });

      it('records an event of the final status, and one of a state that means no status', async () => {
        const message = await sentAs(`SM${hex(16)}`, { channel: 'whatsapp' });
        const scope = scopeOf(message);
        await store.applyProviderReport(
          scope,
          message.id,
          aReport('delivered', 'DELIVERED', at(2 * SECOND)),
          at(2 * SECOND),
        );
        const read = aReport('read', 'DELIVERED', at(3 * SECOND));
        expect(
          await store.applyProviderReport(scope, message.id, read, at(3 * SECOND)),
        ).toMatchObject({
          kind: 'recorded',
          message: { status: 'DELIVERED', providerStatus: 'read' },
        });
        const unmapped = aReport('partially_delivered', undefined, at(4 * SECOND));
        const outcome = await store.applyProviderReport(
          scope,
          message.id,
          unmapped,
          at(4 * SECOND),
        );
        expect(outcome).toMatchObject({
          kind: 'recorded',
          message: { status: 'DELIVERED', providerStatus: 'partially_delivered' },
        });
        expect((await store.get(scope, message.id))?.events.map((event) => event.type)).toEqual([
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
        await store.insert(message);
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
          await store.applyProviderReport(scopeOf(message), message.id, busy, at(SECOND)),
        ).toStrictEqual({ kind: 'moved', message: ended });
        expect(await store.claim(message.id, 'worker-1', at(HOUR), MINUTE)).toBeUndefined();
        expect(
          await store.applyProviderReport(
            scopeOf(message),
            message.id,
            aReport('completed', 'DELIVERED', at(HOUR)),
            at(HOUR),
          ),
        ).toStrictEqual({ kind: 'unchanged', message: ended });
      });

      it('leaves a message being sent to its claim holder, who can still complete it', async () => {
        const message = aMessage(anApp());
        await store.insert(message);
        const claimed = await store.claim(message.id, 'worker-1', T0, MINUTE);
        const delivered = aReport('delivered', 'DELIVERED', at(SECOND));
        expect(
          await store.applyProviderReport(scopeOf(message), message.id, delivered, at(SECOND)),
        ).toEqual({ kind: 'sending' });
        expect(await store.get(scopeOf(message), message.id)).toStrictEqual(claimed);

        const sid = `SM${hex(16)}`;
        await store.complete(
          message.id,
          'worker-1',
          aResult(anAttempt({ providerMessageId: sid, timestamp: at(SECOND) })),
          at(SECOND),
        );
        expect(
          await store.applyProviderReport(scopeOf(message), message.id, delivered, at(2 * SECOND)),
        ).toMatchObject({ kind: 'moved', message: { status: 'DELIVERED' } });
      });

      it('finds no message of another app, nor a missing one, and changes nothing', async () => {
        const message = await sentAs(`SM${hex(16)}`);
        const delivered = aReport('delivered', 'DELIVERED', at(2 * SECOND));
        expect(
          await store.applyProviderReport({ appId: anApp() }, message.id, delivered, at(HOUR)),
        ).toEqual({ kind: 'not_found' });
        expect(
          await store.applyProviderReport(scopeOf(message), 'msg_missing', delivered, at(HOUR)),
        ).toEqual({ kind: 'not_found' });
        expect(await store.get(scopeOf(message), message.id)).toStrictEqual(message);
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
            store.applyProviderReport(scopeOf(message), message.id, report, report.event.at),
          ),
        );
        const stored = await store.get(scopeOf(message), message.id);
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
            await store.applyProviderReport(scope, message.id, first, at(2 * SECOND)),
          ).toMatchObject({ kind: 'recorded', message: { status: 'SENT' } });
          expect(
            await store.applyProviderReport(
              scope,
              message.id,
              delivery('ann@example.com', at(HOUR)),
              at(HOUR),
            ),
          ).toMatchObject({ kind: 'unchanged', message: { status: 'SENT' } });
          const last = delivery('bob@example.com', at(3 * SECOND));
          expect(
            await store.applyProviderReport(scope, message.id, last, at(3 * SECOND)),
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
            await store.applyProviderReport(
              scope,
              message.id,
              delivery(recipient, at(SECOND)),
              at(SECOND),
            );
          }
          const late = complaint('ann@example.com', at(DAY));
          expect(await store.applyProviderReport(scope, message.id, late, at(DAY))).toMatchObject({
            kind: 'recorded',
            message: { status: 'DELIVERED', providerStatus: 'Complaint' },
          });
          expect((await store.get(scope, message.id))?.events.at(-1)).toStrictEqual(late.event);
        });

        it('ends UNDELIVERABLE when every recipient bounced for good or complained; a soft bounce only records', async () => {
          const message = await anEmail();
          const scope = scopeOf(message);
          for (const report of [
            bounce('ann@example.com', 'Transient/MailboxFull', at(SECOND)),
            bounce('ann@example.com', 'Permanent/General', at(2 * SECOND)),
          ]) {
            expect(
              await store.applyProviderReport(scope, message.id, report, report.event.at),
            ).toMatchObject({ kind: 'recorded', message: { status: 'SENT' } });
          }
          expect(
            await store.applyProviderReport(
              scope,
              message.id,
              complaint('bob@example.com', at(3 * SECOND)),
              at(3 * SECOND),
            ),
          ).toMatchObject({ kind: 'moved', message: { status: 'UNDELIVERABLE' } });
          const stored = await store.get(scope, message.id);
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
              store.applyProviderReport(
                scopeOf(message),
                message.id,
                delivery(recipient, at(SECOND)),
                at(SECOND),
              ),
            ),
          );
          const stored = await store.get(scopeOf(message), message.id);
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

        expect(await store.cancel({ appId: anApp() }, queued.id, at(SECOND))).toEqual({
          kind: 'not_found',
        });
        const outcome = await store.cancel({ appId }, queued.id, at(SECOND));
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
        expect(await store.get({ appId }, queued.id)).toStrictEqual(canceled);
        expect(await store.claim(queued.id, 'worker-1', at(HOUR), MINUTE)).toBeUndefined();

        expect(await store.cancel({ appId }, scheduled.id, at(SECOND))).toMatchObject({
          kind: 'canceled',
          message: { status: 'CANCELED' },
        });
      });

      it('tells a missing message from one that can no longer be canceled', async () => {
        const appId = anApp();
        const sent = aMessage(appId, { status: 'SENT' });
        const sending = aMessage(appId);
        await insertAll([sent, sending]);
        await store.claim(sending.id, 'worker-1', T0, MINUTE);
        const canceled = aMessage(appId);
        await store.insert(canceled);
        await store.cancel({ appId }, canceled.id, T0);

        expect(await store.cancel({ appId }, 'msg_missing', T0)).toEqual({ kind: 'not_found' });
        expect(await store.cancel({ appId }, sent.id, T0)).toEqual({
          kind: 'not_cancelable',
          status: 'SENT',
        });
        expect(await store.cancel({ appId }, sending.id, T0)).toEqual({
          kind: 'not_cancelable',
          status: 'SENDING',
        });
        expect(await store.cancel({ appId }, canceled.id, T0)).toEqual({
          kind: 'not_cancelable',
          status: 'CANCELED',
        });
        expect((await store.get({ appId }, sent.id))?.events).toEqual(sent.events);
      });
    });

    it('finds due messages, highest priority first, and nothing in flight or final', async () => {
      await withEmptyStore(async (empty) => {
        const appId = anApp();
        const retry = anAttempt({ status: 'RETRYING', errorCategory: 'PROVIDER_OUTAGE' });
        const urgent = aMessage(appId, {
          status: 'RETRYING',
          priority: 9,
          nextAttemptAt: at(-MINUTE),
          attempts: [retry],
        });
        const lapsed = aMessage(appId, {
          status: 'SENDING',
          nextAttemptAt: at(-5 * MINUTE),
          claim: { owner: 'crashed-worker', expiresAt: at(-SECOND) },
          attempts: [retry, retry],
        });
        const older = aMessage(appId, { nextAttemptAt: at(-2 * MINUTE) });
        const newer = aMessage(appId, { nextAttemptAt: at(-MINUTE) });
        const scheduled = aMessage(appId, { status: 'SCHEDULED', priority: 1, nextAttemptAt: T0 });
        const notYet = [
          aMessage(appId, { priority: 10, nextAttemptAt: at(MINUTE) }),
          aMessage(appId, {
            status: 'SENDING',
            priority: 10,
            nextAttemptAt: at(-HOUR),
            claim: { owner: 'busy-worker', expiresAt: at(MINUTE) },
          }),
          ...(['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'] as const).map((status) =>
            aMessage(appId, { status, priority: 10, nextAttemptAt: at(-HOUR) }),
          ),
        ];
        for (const message of [...notYet, scheduled, newer, older, lapsed, urgent]) {
          await empty.insert(message);
        }

        expect(await empty.findDue(T0, 10)).toEqual([
          { id: urgent.id, priority: 9, attempts: 1, lapsed: false },
          { id: lapsed.id, priority: 5, attempts: 2, lapsed: true },
          { id: older.id, priority: 5, attempts: 0, lapsed: false },
          { id: newer.id, priority: 5, attempts: 0, lapsed: false },
          { id: scheduled.id, priority: 1, attempts: 0, lapsed: false },
        ]);
        expect((await empty.findDue(T0, 2)).map((due) => due.id)).toEqual([urgent.id, lapsed.id]);
        expect(await empty.findDue(at(-90 * SECOND), 10)).toEqual([
          { id: older.id, priority: 5, attempts: 0, lapsed: false },
        ]);
      });
    });

    it('purges messages whose retention ended', async () => {
      await withEmptyStore(async (empty) => {
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
