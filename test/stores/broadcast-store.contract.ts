import { randomBytes } from 'node:crypto';
import type { Broadcast } from '../../src/api/broadcasts/broadcast.model';
import type { BroadcastStore } from '../../src/api/broadcasts/broadcast.store';
import { DuplicateKeyError } from '../../src/common/database/persistence-errors';

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

export const keyedBroadcast = (
  appId: string,
  key: string,
  createdAt = T0,
  hash = 'hash-1',
): Broadcast =>
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
      await store.insert(broadcast);
      expect(await store.get({ appId }, broadcast.id, T0)).toStrictEqual(broadcast);
      expect(await store.get('every-app', broadcast.id, T0)).toStrictEqual(broadcast);
      expect(await store.get({ appId: anApp() }, broadcast.id, T0)).toBeUndefined();
      expect(await store.get({ appId }, anId(), T0)).toBeUndefined();
    });

    it('does not show a broadcast past its retention', async () => {
      const appId = anApp();
      const broadcast = aBroadcast(appId, { expiresAt: at(2) });
      await store.insert(broadcast);
      expect(await store.get({ appId }, broadcast.id, at(1))).toStrictEqual(broadcast);
      expect(await store.get({ appId }, broadcast.id, at(2))).toBeUndefined();
    });

    it('refuses a second broadcast with the same id as a duplicate', async () => {
      const broadcast = aBroadcast(anApp());
      await store.insert(broadcast);
      await expect(store.insert({ ...broadcast, outcomes: [] })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect(await store.get('every-app', broadcast.id, T0)).toStrictEqual(broadcast);
    });
  });
}
