import type { Broadcast } from '../../src/api/broadcasts/broadcast.model';
import type { BroadcastStore } from '../../src/api/broadcasts/broadcast.store';
import type { IdempotencyKeys, KeyEntry } from '../../src/idempotency/idempotency-keys';
import {
  insertOnce,
  type KeyedOutcome,
  keyedRecord,
  type KeyedRecords,
} from '../../src/idempotency/insert-once';
import type { Message } from '../../src/message-log/message.model';
import type { MessageLog } from '../../src/message-log/message-log';
import { keyedBroadcast } from './broadcast-store.contract';
import { anApp, at, DAY, HOUR, ids, keyed, MINUTE, T0 } from './message-fixtures';

/** The keys, and the stores of the records they name, all of one adapter kind. */
export interface IdempotencyKeysFixture {
  readonly keys: IdempotencyKeys;
  readonly messages: MessageLog;
  readonly broadcasts: BroadcastStore;
  close(): Promise<void>;
}

const recordOf = <T>(outcome: KeyedOutcome<T>): T | undefined =>
  outcome.kind === 'busy' ? undefined : outcome.record;

const anEntry = (overrides: Partial<KeyEntry> = {}): KeyEntry => ({
  space: 'messages',
  appId: anApp(),
  key: 'order-1',
  recordId: 'msg_first',
  requestHash: 'hash-1',
  expiresAt: at(DAY),
  ...overrides,
});

/** The behaviour every IdempotencyKeys adapter must have; run against each of them. */
export function describeIdempotencyKeysContract(
  name: string,
  open: () => Promise<IdempotencyKeysFixture>,
): void {
  describe(`IdempotencyKeys contract: ${name}`, () => {
    let fixture: IdempotencyKeysFixture;
    let keys: IdempotencyKeys;

    beforeAll(async () => {
      fixture = await open();
      keys = fixture.keys;
    });
    afterAll(async () => {
      await fixture.close();
    });

    /** A send as the send service writes it: its app's messages, once per key. */
    const send = (message: Message): Promise<KeyedOutcome<Message>> => {
      const records: KeyedRecords<Message> = {
        insert: (record) => fixture.messages.insert(record),
        find: (id) => fixture.messages.get(message, id),
      };
      return insertOnce(keys, 'messages', message, records);
    };

    /** The app's broadcasts as the broadcast service reads them at `now`. */
    const broadcastsOf = (appId: string, now: Date): KeyedRecords<Broadcast> => ({
      insert: (record) => fixture.broadcasts.insert(record),
      find: (id) => fixture.broadcasts.get({ appId }, id, now),
    });
    const broadcast = (record: Broadcast): Promise<KeyedOutcome<Broadcast>> =>
      insertOnce(keys, 'broadcasts', record, broadcastsOf(record.appId, record.createdAt));
    const holderOf = async (appId: string, key: string, now: Date) =>
      (await keyedRecord(keys, { space: 'broadcasts', appId, key }, now, broadcastsOf(appId, now)))
        ?.record;

    describe('keys', () => {
      it('creates a key once, and keeps spaces and apps apart', async () => {
        const entry = anEntry();
        expect(await keys.create(entry)).toBe(true);
        expect(await keys.create({ ...entry, recordId: 'msg_second' })).toBe(false);
        expect(await keys.find(entry)).toEqual(entry);
        const otherSpace = { ...entry, space: 'broadcasts' as const, recordId: 'brd_first' };
        expect(await keys.create(otherSpace)).toBe(true);
        expect(await keys.create({ ...entry, appId: anApp() })).toBe(true);
        expect(await keys.find(entry)).toEqual(entry);
        expect(await keys.find(otherSpace)).toEqual(otherSpace);
        expect(await keys.find({ ...entry, key: 'order-2' })).toBeUndefined();
      });

      it('replaces an entry only as it was read', async () => {
        const entry = anEntry();
        await keys.create(entry);
        const taken = { ...entry, recordId: 'msg_taken', expiresAt: at(2 * DAY) };
        expect(await keys.replace(entry, taken)).toBe(true);
        expect(await keys.replace(entry, { ...entry, recordId: 'msg_late' })).toBe(false);
        expect(await keys.find(entry)).toEqual(taken);
        expect(await keys.replace(anEntry(), taken)).toBe(false);
      });

      it('keeps the first answer of the record the key names, once', async () => {
        const entry = anEntry();
        await keys.create(entry);
        const first = { status: 202, body: '{"messageId":"msg_first","status":"QUEUED"}' };
        await keys.recordAnswer(entry, 'msg_other', { status: 200, body: '{}' });
        expect(await keys.find(entry)).toEqual(entry);
        await keys.recordAnswer(entry, entry.recordId, first);
        await keys.recordAnswer(entry, entry.recordId, { status: 200, body: '{"later":true}' });
        expect(await keys.find(entry)).toEqual({ ...entry, answer: first });
        const takenOver = { ...entry, recordId: 'msg_next', expiresAt: at(2 * DAY) };
        expect(await keys.replace({ ...entry, answer: first }, takenOver)).toBe(true);
        expect(await keys.find(entry)).toEqual(takenOver);
      });

      it('purges the keys whose life ended', async () => {
        const ended = anEntry({ expiresAt: T0 });
        const alive = anEntry({ expiresAt: at(1) });
        await keys.create(ended);
        await keys.create(alive);
        expect(await keys.purgeExpired(T0)).toBeGreaterThanOrEqual(1);
        expect(await keys.find(ended)).toBeUndefined();
        expect(await keys.find(alive)).toEqual(alive);
      });
    });

    describe('message sends', () => {
      it('replays the first message and its request hash for a reused key, per app', async () => {
        const appId = anApp();
        const first = keyed(appId, 'order-42', { requestHash: 'hash-1' });
        expect(await send(first)).toEqual({ kind: 'created', record: first });

        const again = keyed(appId, 'order-42', { requestHash: 'hash-2', createdAt: at(HOUR) });
        expect(await send(again)).toEqual({
          kind: 'replayed',
          record: first,
          requestHash: 'hash-1',
        });
        expect(await fixture.messages.get({ appId }, again.id)).toBeUndefined();

        const otherApp = keyed(anApp(), 'order-42');
        expect(await send(otherApp)).toEqual({ kind: 'created', record: otherApp });
      });

      it('creates a new message once the key has expired, and replays that one after', async () => {
        const appId = anApp();
        const first = keyed(appId, 'reset-password');
        await send(first);

        const later = keyed(appId, 'reset-password', { createdAt: at(DAY + MINUTE) });
        expect(await send(later)).toEqual({ kind: 'created', record: later });

        const replay = keyed(appId, 'reset-password', { createdAt: at(DAY + 2 * MINUTE) });
        expect(await send(replay)).toMatchObject({
          kind: 'replayed',
          record: { id: later.id },
        });
        expect(ids(await fixture.messages.list({ appId }, { limit: 10 }))).toEqual([
          later.id,
          first.id,
        ]);
      });

      it('creates one message when 20 inserts with one key race', async () => {
        const appId = anApp();
        const racers = Array.from({ length: 20 }, () => keyed(appId, 'burst'));
        const outcomes = await Promise.all(racers.map((message) => send(message)));

        const created = outcomes.flatMap((outcome) =>
          outcome.kind === 'created' ? [outcome] : [],
        );
        const replayed = outcomes.flatMap((outcome) =>
          outcome.kind === 'replayed' ? [outcome] : [],
        );
        expect(created).toHaveLength(1);
        expect(replayed).toHaveLength(19);
        const winner = created[0].record.id;
        expect(new Set(outcomes.map((outcome) => recordOf(outcome)?.id))).toEqual(
          new Set([winner]),
        );
        for (const outcome of replayed) expect(outcome.requestHash).toBe('hash-of-the-body');
        expect(ids(await fixture.messages.list({ appId }, { limit: 100 }))).toEqual([winner]);
      });

      it('writes the message of a key whose writer stopped between its two writes', async () => {
        const appId = anApp();
        // The stopped writer took the key for a message it never wrote.
        await keys.create({
          space: 'messages',
          appId,
          key: 'order-7',
          recordId: 'msg_never_written',
          requestHash: 'hash-of-the-first-body',
          expiresAt: at(DAY),
        });
        const retry = keyed(appId, 'order-7', {
          id: 'msg_retry',
          requestHash: 'hash-of-the-first-body',
        });
        expect(await send(retry)).toEqual({
          kind: 'created',
          record: { ...retry, id: 'msg_never_written' },
        });
        expect(await send({ ...retry, id: 'msg_another_retry' })).toMatchObject({
          kind: 'replayed',
          record: { id: 'msg_never_written' },
          requestHash: 'hash-of-the-first-body',
        });
        expect(await fixture.messages.get({ appId }, 'msg_retry')).toBeUndefined();
      });
    });

    describe('broadcasts', () => {
      it('keeps an idempotent broadcast with its key, hash and key lifetime', async () => {
        const appId = anApp();
        const first = keyedBroadcast(appId, 'order-1');
        await broadcast(first);
        expect(await fixture.broadcasts.get({ appId }, first.id, T0)).toStrictEqual(first);
        expect(await holderOf(appId, 'order-1', at(HOUR))).toStrictEqual(first);
      });

      it('answers a live key with its first broadcast and writes nothing new', async () => {
        const appId = anApp();
        const first = keyedBroadcast(appId, 'k');
        await broadcast(first);
        const second = keyedBroadcast(appId, 'k', at(HOUR), 'hash-2');
        expect(await broadcast(second)).toStrictEqual({
          kind: 'replayed',
          record: first,
          requestHash: 'hash-1',
        });
        expect(await fixture.broadcasts.get({ appId }, second.id, at(HOUR))).toBeUndefined();
      });

      it('scopes keys to their app, apart from the keys of sends', async () => {
        const appId = anApp();
        const otherApp = anApp();
        const first = keyedBroadcast(appId, 'shared');
        await broadcast(first);
        const other = keyedBroadcast(otherApp, 'shared');
        expect(await broadcast(other)).toStrictEqual({ kind: 'created', record: other });
        expect(await holderOf(otherApp, 'shared', T0)).toStrictEqual(other);
        expect(await holderOf(appId, 'shared', T0)).toStrictEqual(first);
        expect(await holderOf(anApp(), 'shared', T0)).toBeUndefined();
        const sent = keyed(appId, 'shared');
        expect(await send(sent)).toEqual({ kind: 'created', record: sent });
      });

      it('lets an expired key make a new broadcast', async () => {
        const appId = anApp();
        const first = keyedBroadcast(appId, 'old');
        await broadcast(first);
        expect(await holderOf(appId, 'old', at(DAY))).toBeUndefined();
        const later = keyedBroadcast(appId, 'old', at(DAY + HOUR));
        expect(await broadcast(later)).toStrictEqual({ kind: 'created', record: later });
        expect(await holderOf(appId, 'old', at(DAY + 2 * HOUR))).toStrictEqual(later);
        expect(await fixture.broadcasts.get({ appId }, first.id, at(DAY + 2 * HOUR))).toStrictEqual(
          first,
        );
      });

      it('keeps one broadcast when the same key is inserted at once by several', async () => {
        const appId = anApp();
        const racers = [1, 2, 3].map(() => keyedBroadcast(appId, 'race'));
        const outcomes = await Promise.all(racers.map((record) => broadcast(record)));
        const created = outcomes.flatMap((outcome) =>
          outcome.kind === 'created' ? [outcome] : [],
        );
        expect(created).toHaveLength(1);
        const winner = created[0].record;
        for (const outcome of outcomes) expect(recordOf(outcome)).toStrictEqual(winner);
        const losers = racers.filter((record) => record.id !== winner.id);
        for (const loser of losers) {
          expect(await fixture.broadcasts.get({ appId }, loser.id, T0)).toBeUndefined();
        }
      });
    });
  });
}
