import { randomBytes } from 'node:crypto';
import type { Broadcast } from '../../src/api/broadcasts/broadcast.model';
import type { BroadcastStore } from '../../src/api/broadcasts/broadcast.store';

export interface BroadcastStoreFixture {
  readonly store: BroadcastStore;
  close(): Promise<void>;
}

const anApp = (): string => `app_${randomBytes(8).toString('hex')}`;
const anId = (): string => `brd_${randomBytes(12).toString('hex')}`;
const T0 = new Date('2090-01-01T00:00:00Z');
const HOUR_MS = 60 * 60 * 1000;
const at = (hours: number): Date => new Date(T0.getTime() + hours * HOUR_MS);

function aBroadcast(appId: string, overrides: Partial<Broadcast> = {}): Broadcast {
  return {
    id: anId(),
    appId,
    outcomes: [
      { channel: 'email', success: true, messageId: 'msg_email', status: 'QUEUED' },
      {
        channel: 'sms',
        success: false,
        error: {
          code: 'VALIDATION_ERROR',
          message: 'The request is not valid.',
          details: [{ field: 'phone', code: 'invalid_phone', message: 'not a number' }],
        },
      },
      { channel: 'push', success: false, error: { code: 'CHANNEL_NOT_CONFIGURED', message: 'no' } },
    ],
    createdAt: T0,
    expiresAt: at(90 * 24),
    ...overrides,
  };
}

const keyed = (appId: string, key: string, createdAt = T0, hash = 'hash-1'): Broadcast =>
  aBroadcast(appId, {
    idempotencyKey: key,
    requestHash: hash,
    idempotencyExpiresAt: new Date(createdAt.getTime() + 24 * HOUR_MS),
    createdAt,
  });

/** The behaviour every BroadcastStore adapter must have; run against each of them. */
export function describeBroadcastStoreContract(
  name: string,
  open: () => Promise<BroadcastStoreFixture>,
): void {
  describe(`BroadcastStore contract: ${name}`, () => {
    let fixture: BroadcastStoreFixture;
    let store: BroadcastStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('keeps a broadcast as given, and shows it to its app and to admins only', async () => {
      const appId = anApp();
      const broadcast = aBroadcast(appId);
      expect(await store.insert(broadcast)).toStrictEqual({ kind: 'created', broadcast });
      expect(await store.get({ appId }, broadcast.id, T0)).toStrictEqual(broadcast);
      expect(await store.get('every-app', broadcast.id, T0)).toStrictEqual(broadcast);
      expect(await store.get({ appId: anApp() }, broadcast.id, T0)).toBeUndefined();
      expect(await store.get({ appId }, anId(), T0)).toBeUndefined();
    });

    it('keeps an idempotent broadcast with its key, hash and key lifetime', async () => {
      const appId = anApp();
      const broadcast = keyed(appId, 'order-1');
      await store.insert(broadcast);
      expect(await store.get({ appId }, broadcast.id, T0)).toStrictEqual(broadcast);
      expect(await store.findByKey(appId, 'order-1', at(1))).toStrictEqual(broadcast);
    });

    it('does not show a broadcast past its retention', async () => {
      const appId = anApp();
      const broadcast = aBroadcast(appId, { expiresAt: at(2) });
      await store.insert(broadcast);
      expect(await store.get({ appId }, broadcast.id, at(1))).toStrictEqual(broadcast);
      expect(await store.get({ appId }, broadcast.id, at(2))).toBeUndefined();
    });

    it('answers a live key with its first broadcast and writes nothing new', async () => {
      const appId = anApp();
      const first = keyed(appId, 'k');
      await store.insert(first);
      const second = keyed(appId, 'k', at(1), 'hash-2');
      expect(await store.insert(second)).toStrictEqual({ kind: 'replayed', broadcast: first });
      expect(await store.get({ appId }, second.id, at(1))).toBeUndefined();
    });

    it('scopes keys to their app', async () => {
      const appId = anApp();
      const otherApp = anApp();
      const first = keyed(appId, 'shared');
      await store.insert(first);
      const other = keyed(otherApp, 'shared');
      expect(await store.insert(other)).toStrictEqual({ kind: 'created', broadcast: other });
      expect(await store.findByKey(otherApp, 'shared', T0)).toStrictEqual(other);
      expect(await store.findByKey(appId, 'shared', T0)).toStrictEqual(first);
      expect(await store.findByKey(anApp(), 'shared', T0)).toBeUndefined();
    });

    it('lets an expired key make a new broadcast', async () => {
      const appId = anApp();
      const first = keyed(appId, 'old');
      await store.insert(first);
      expect(await store.findByKey(appId, 'old', at(24))).toBeUndefined();
      const later = keyed(appId, 'old', at(25));
      expect(await store.insert(later)).toStrictEqual({ kind: 'created', broadcast: later });
      expect(await store.findByKey(appId, 'old', at(26))).toStrictEqual(later);
      expect(await store.get({ appId }, first.id, at(26))).toStrictEqual(first);
    });

    it('keeps one broadcast when the same key is inserted at once by several', async () => {
      const appId = anApp();
      const racers = [1, 2, 3].map(() => keyed(appId, 'race'));
      const outcomes = await Promise.all(racers.map((broadcast) => store.insert(broadcast)));
      const created = outcomes.filter((outcome) => outcome.kind === 'created');
      expect(created).toHaveLength(1);
      const winner = created[0].broadcast;
      for (const outcome of outcomes) expect(outcome.broadcast).toStrictEqual(winner);
      const losers = racers.filter((broadcast) => broadcast.id !== winner.id);
      for (const loser of losers) expect(await store.get({ appId }, loser.id, T0)).toBeUndefined();
    });
  });
}
