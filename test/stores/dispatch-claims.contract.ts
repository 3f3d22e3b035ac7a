import {
  aMessage,
  anApp,
  anAttempt,
  aResult,
  at,
  HOUR,
  insertAll,
  MINUTE,
  type MessageStoresFixture,
  SECOND,
  T0,
  withOwnStores,
} from './message-fixtures';
import { claims, log, useClaimStores } from './dispatch-claims-stores';

/** How every DispatchClaims adapter claims and releases messages; run against each of them. */
export function describeDispatchClaimsContract(
  name: string,
  open: () => Promise<MessageStoresFixture>,
): void {
  describe(`DispatchClaims contract: ${name}`, () => {
    useClaimStores(open);

    it('claims a pending message only once it is due', async () => {
      const appId = anApp();
      const queued = aMessage(appId, { nextAttemptAt: at(MINUTE) });
      const scheduled = aMessage(appId, { status: 'SCHEDULED', nextAttemptAt: at(HOUR) });
      await insertAll(log, [queued, scheduled]);

      expect(
        await claims.claim(queued.id, 'worker-1', at(MINUTE - 1), 30 * SECOND),
      ).toBeUndefined();
      const claimed = await claims.claim(queued.id, 'worker-1', at(MINUTE), 30 * SECOND);
      expect(claimed).toStrictEqual({
        ...queued,
        status: 'SENDING',
        claim: { owner: 'worker-1', expiresAt: at(MINUTE + 30 * SECOND) },
        updatedAt: at(MINUTE),
      });
      expect(await log.get({ appId }, queued.id)).toStrictEqual(claimed);

      expect(await claims.claim(scheduled.id, 'worker-1', at(MINUTE), 30 * SECOND)).toBeUndefined();
      expect(await claims.claim(scheduled.id, 'worker-1', at(HOUR), 30 * SECOND)).toMatchObject({
        status: 'SENDING',
      });
      expect(await claims.claim('msg_missing', 'worker-1', at(HOUR), 30 * SECOND)).toBeUndefined();
    });

    it('lets exactly one of several concurrent claimers win', async () => {
      const appId = anApp();
      const messages = Array.from({ length: 5 }, () => aMessage(appId));
      await insertAll(log, messages);
      for (const [index, message] of messages.entries()) {
        const workers = Array.from({ length: index === 0 ? 10 : 2 }, (_, i) => `worker-${i}`);
        const taken = await Promise.all(
          workers.map((worker) => claims.claim(message.id, worker, T0, MINUTE)),
        );
        const winners = taken.filter((claim) => claim !== undefined);
        expect(winners).toHaveLength(1);
        const stored = await log.get({ appId }, message.id);
        expect(stored?.claim?.owner).toBe(winners[0].claim?.owner);
      }
    });

    it('claims with the attempts its job expects as without them, a wrong count included', async () => {
      const appId = anApp();
      const [due, misjudged, later, lapsed] = Array.from({ length: 4 }, () => aMessage(appId));
      await insertAll(log, [due, misjudged, later, lapsed]);

      const workers = Array.from({ length: 8 }, (_, i) => `worker-${i}`);
      const taken = await Promise.all(
        workers.map((worker, i) => claims.claim(due.id, worker, T0, MINUTE, i < 6 ? 0 : undefined)),
      );
      const winners = taken.filter((claim) => claim !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toStrictEqual({
        ...due,
        status: 'SENDING',
        claim: { owner: winners[0].claim?.owner, expiresAt: at(MINUTE) },
        updatedAt: T0,
      });

      expect(await claims.claim(misjudged.id, 'worker-1', T0, MINUTE, 1)).toMatchObject({
        status: 'SENDING',
        claim: { owner: 'worker-1' },
      });
      expect(await claims.claim(later.id, 'worker-1', at(-SECOND), MINUTE, 0)).toBeUndefined();

      await claims.claim(lapsed.id, 'worker-1', T0, MINUTE, 0);
      expect(await claims.claim(lapsed.id, 'worker-2', at(MINUTE - 1), MINUTE, 0)).toBeUndefined();
      expect(await claims.claim(lapsed.id, 'worker-2', at(MINUTE), MINUTE, 0)).toMatchObject({
        claim: { owner: 'worker-2', expiresAt: at(2 * MINUTE) },
      });
      const result = aResult(anAttempt({ timestamp: at(MINUTE) }));
      expect(await claims.complete(lapsed.id, 'worker-1', result, at(MINUTE))).toBeUndefined();
    });

    it('lets another worker take a lapsed claim, after which the old owner cannot complete', async () => {
      const appId = anApp();
      const message = aMessage(appId);
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, MINUTE);

      expect(await claims.claim(message.id, 'worker-2', at(MINUTE - 1), MINUTE)).toBeUndefined();
      const retaken = await claims.claim(message.id, 'worker-2', at(MINUTE), MINUTE);
      expect(retaken?.claim).toEqual({ owner: 'worker-2', expiresAt: at(2 * MINUTE) });

      const result = aResult(anAttempt({ timestamp: at(MINUTE) }));
      expect(await claims.complete(message.id, 'worker-1', result, at(MINUTE))).toBeUndefined();
      expect(await claims.complete(message.id, 'worker-2', result, at(MINUTE))).toMatchObject({
        status: 'SENT',
      });
    });

    it('never claims a message once it is sent or final', async () => {
      const appId = anApp();
      const finals = (['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'] as const).map(
        (status) => aMessage(appId, { status, nextAttemptAt: at(-HOUR) }),
      );
      await insertAll(log, finals);
      for (const message of finals) {
        expect(await claims.claim(message.id, 'worker-1', at(HOUR), MINUTE)).toBeUndefined();
      }
    });

    it('releases a claim so that another worker can take it at once', async () => {
      const message = aMessage(anApp());
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, 5 * MINUTE);

      await claims.release(message.id, 'worker-2', at(SECOND));
      expect(await claims.claim(message.id, 'worker-3', at(SECOND), MINUTE)).toBeUndefined();

      await claims.release(message.id, 'worker-1', at(SECOND));
      const taken = await claims.claim(message.id, 'worker-3', at(SECOND), MINUTE);
      expect(taken?.claim).toEqual({ owner: 'worker-3', expiresAt: at(SECOND + MINUTE) });
      await claims.release('msg_missing', 'worker-1', at(SECOND));
    });

    it('finds due messages, highest priority first, and nothing in flight or final', async () => {
      await withOwnStores(open, async (empty) => {
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
          await empty.log.insert(message);
        }

        expect(await empty.claims.findDue(T0, 10)).toEqual([
          { id: urgent.id, priority: 9, attempts: 1, lapsed: false },
          { id: lapsed.id, priority: 5, attempts: 2, lapsed: true },
          { id: older.id, priority: 5, attempts: 0, lapsed: false },
          { id: newer.id, priority: 5, attempts: 0, lapsed: false },
          { id: scheduled.id, priority: 1, attempts: 0, lapsed: false },
        ]);
        expect((await empty.claims.findDue(T0, 2)).map((due) => due.id)).toEqual([
          urgent.id,
          lapsed.id,
        ]);
        expect(await empty.claims.findDue(at(-90 * SECOND), 10)).toEqual([
          { id: older.id, priority: 5, attempts: 0, lapsed: false },
        ]);
      });
    });
  });
}
