import type { DispatchClaims } from '../../src/dispatch/dispatch-claims';
import type { MessageLog } from '../../src/message-log/message-log';
import {
  aMessage,
  anApp,
  anAttempt,
  aResult,
  at,
  HOUR,
  MINUTE,
  type MessageStoresFixture,
  scopeOf,
  SECOND,
  suiteStores,
  T0,
  withOwnStores,
} from './message-fixtures';

/**
 * What every DispatchClaims adapter does for sends that wait: a claim given back until a
 * send-rate slot, and the age of the longest wait. Run against each adapter.
 */
export function describeWaitingClaimsContract(
  name: string,
  open: () => Promise<MessageStoresFixture>,
): void {
  describe(`DispatchClaims contract, waiting sends: ${name}`, () => {
    const stores = suiteStores(open);
    let log: MessageLog;
    let claims: DispatchClaims;

    beforeAll(() => {
      ({ log, claims } = stores());
    });

    it('defers a claimed message: pending again, unclaimed, due at the slot, for any worker then', async () => {
      const message = aMessage(anApp());
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, 5 * MINUTE);

      expect(await claims.defer(message.id, 'worker-2', at(MINUTE), at(SECOND))).toBe(false);
      expect(await claims.defer(message.id, 'worker-1', at(MINUTE), at(SECOND))).toBe(true);
      expect(await log.get(scopeOf(message), message.id)).toStrictEqual({
        ...message,
        nextAttemptAt: at(MINUTE),
        updatedAt: at(SECOND),
      });

      expect(await claims.claim(message.id, 'worker-3', at(MINUTE - 1), MINUTE)).toBeUndefined();
      // A long lease: the deferred claim's lock must be gone, not merely stale.
      const taken = await claims.claim(message.id, 'worker-3', at(MINUTE), 5 * MINUTE);
      expect(taken?.claim).toEqual({ owner: 'worker-3', expiresAt: at(6 * MINUTE) });
      expect(await claims.defer('msg_missing', 'worker-3', at(HOUR), at(MINUTE))).toBe(false);
    });

    it('defers a message after an attempt as RETRYING, and never one whose attempt is recorded', async () => {
      const message = aMessage(anApp());
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, MINUTE);
      const retry = anAttempt({ status: 'RETRYING', errorCategory: 'RATE_LIMITED' });
      await claims.complete(
        message.id,
        'worker-1',
        aResult(retry, { nextAttemptAt: at(SECOND) }),
        T0,
      );
      await claims.claim(message.id, 'worker-2', at(SECOND), MINUTE);

      expect(await claims.defer(message.id, 'worker-2', at(HOUR), at(2 * SECOND))).toBe(true);
      const deferred = await log.get(scopeOf(message), message.id);
      expect(deferred).toMatchObject({ status: 'RETRYING', nextAttemptAt: at(HOUR) });
      expect(deferred?.claim).toBeUndefined();

      await claims.claim(message.id, 'worker-3', at(HOUR), MINUTE);
      await claims.complete(message.id, 'worker-3', aResult(anAttempt()), at(HOUR));
      expect(await claims.defer(message.id, 'worker-3', at(2 * HOUR), at(HOUR))).toBe(false);
      expect(await log.get(scopeOf(message), message.id)).toMatchObject({ status: 'SENT' });
    });

    it('tells when the longest-waiting due message became due, ignoring the rest', async () => {
      await withOwnStores(open, async (own) => {
        expect(await own.claims.oldestWaiting(T0)).toBeUndefined();
        const appId = anApp();
        const waiting = [
          aMessage(appId, { nextAttemptAt: at(-MINUTE) }),
          aMessage(appId, { status: 'RETRYING', nextAttemptAt: at(-2 * MINUTE) }),
          aMessage(appId, { status: 'SCHEDULED', nextAttemptAt: at(-30 * SECOND) }),
        ];
        const others = [
          aMessage(appId, { status: 'SCHEDULED', nextAttemptAt: at(HOUR) }),
          aMessage(appId, {
            status: 'SENDING',
            nextAttemptAt: at(-HOUR),
            claim: { owner: 'busy-worker', expiresAt: at(MINUTE) },
          }),
          ...(['SENT', 'FAILED', 'CANCELED'] as const).map((status) =>
            aMessage(appId, { status, nextAttemptAt: at(-HOUR) }),
          ),
        ];
        for (const message of [...others, ...waiting]) await own.log.insert(message);

        expect(await own.claims.oldestWaiting(T0)).toEqual(at(-2 * MINUTE));
        expect(await own.claims.oldestWaiting(at(-90 * SECOND))).toEqual(at(-2 * MINUTE));
        expect(await own.claims.oldestWaiting(at(-3 * MINUTE))).toBeUndefined();
      });
    });
  });
}
