import type { TestingModule } from '@nestjs/testing';
import {
  CallbackOutbox,
  type CallbackRecord,
  sequenceAt,
} from '../../src/dispatch/callbacks/callback-outbox';
import {
  CALLBACK_MODEL,
  CallbackSchema,
} from '../../src/dispatch/callbacks/callback-outbox.schema';
import { MemoryCallbackOutbox } from '../../src/dispatch/callbacks/memory-callback-outbox';
import { MongoCallbackOutbox } from '../../src/dispatch/callbacks/mongo-callback-outbox';
import { DISPATCH_LOCK_MODEL, DispatchLockSchema } from '../../src/dispatch/dispatch-lock.schema';
import { openMongoModule } from '../support/mongo-module';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const LEASE = 60;

let counter = 0;
function record(messageId: string, status: string, fields: Partial<CallbackRecord> = {}) {
  counter += 1;
  return {
    id: `cbk_${counter}`,
    eventId: `evt_${counter}`,
    appId: 'app_1',
    messageId,
    status,
    url: 'https://example.com/hooks/status',
    body: JSON.stringify({ status }),
    state: 'PENDING',
    tries: [],
    nextTryAt: T0,
    sequence: sequenceAt(T0.getTime(), counter),
    createdAt: T0,
    ...fields,
  } satisfies CallbackRecord;
}

function describeOutbox(
  name: string,
  open: () => Promise<{ outbox: CallbackOutbox; close: () => Promise<void> }>,
) {
  describe(`CallbackOutbox (${name})`, () => {
    let outbox: CallbackOutbox;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ outbox, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    it("leases a message's callbacks one at a time, in order, each once", async () => {
      const sent = record('msg_a', 'SENT');
      const delivered = record('msg_a', 'DELIVERED');
      const other = record('msg_b', 'SENT');
      await outbox.add([delivered, sent, other]);

      expect((await outbox.lease(T0, at(LEASE)))?.id).toBe(sent.id);
      // msg_a's DELIVERED waits for its SENT; msg_b does not.
      expect((await outbox.lease(T0, at(LEASE)))?.id).toBe(other.id);
      expect(await outbox.lease(T0, at(LEASE))).toBeUndefined();

      await outbox.settle(sent.id, {
        try: { at: T0, status: 503, error: 'HTTP 503' },
        state: 'PENDING',
        nextTryAt: at(60),
      });
      // SENT waits for its retry, and DELIVERED behind it.
      expect(await outbox.lease(at(1), at(1 + LEASE))).toBeUndefined();
      expect((await outbox.lease(at(60), at(60 + LEASE)))?.id).toBe(sent.id);
      await outbox.settle(sent.id, {
        try: { at: at(60), status: 200 },
        state: 'DELIVERED',
        nextTryAt: at(60),
      });
      expect((await outbox.lease(at(61), at(61 + LEASE)))?.id).toBe(delivered.id);

      expect(await outbox.forMessage('msg_a')).toEqual([
        {
          ...sent,
          state: 'DELIVERED',
          nextTryAt: at(60),
          tries: [
            { at: T0, status: 503, error: 'HTTP 503' },
            { at: at(60), status: 200 },
          ],
        },
        delivered,
      ]);
    });

    it('lets the next callback go once the one before it gave up', async () => {
      const first = record('msg_c', 'SENT');
      const second = record('msg_c', 'DELIVERED');
      await outbox.add([first, second]);
      expect((await outbox.lease(T0, at(LEASE)))?.id).toBe(first.id);
      await outbox.settle(first.id, {
        try: { at: T0, error: 'refused' },
        state: 'FAILED',
        nextTryAt: T0,
      });
      expect((await outbox.lease(T0, at(LEASE)))?.id).toBe(second.id);
    });

    it('leases again a record whose worker died, once its lease lapsed', async () => {
      const lost = record('msg_d', 'SENT');
      await outbox.add([lost]);
      expect((await outbox.lease(T0, at(LEASE)))?.id).toBe(lost.id);
      expect(await outbox.lease(at(LEASE - 1), at(2 * LEASE - 1))).toBeUndefined();
      expect((await outbox.lease(at(LEASE), at(2 * LEASE)))?.id).toBe(lost.id);
    });

    it('counts the callbacks still pending, and keeps the trace a record carries', async () => {
      const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
      const traced = record('msg_e', 'SENT', { trace });
      const behind = record('msg_e', 'DELIVERED');
      const done = record('msg_f', 'SENT', { state: 'DELIVERED' });
      await outbox.add([traced, behind, done]);
      expect(await outbox.pending()).toBe(2);
      expect(await outbox.lease(T0, at(LEASE))).toEqual(traced);
      await outbox.settle(traced.id, {
        try: { at: T0, error: 'refused' },
        state: 'FAILED',
        nextTryAt: T0,
      });
      expect(await outbox.pending()).toBe(1);
    });

    it('purges the delivered and given-up records made by the cut, never a pending one', async () => {
      const delivered = record('msg_g', 'SENT', { state: 'DELIVERED', createdAt: at(-10) });
      const givenUp = record('msg_g', 'DELIVERED', { state: 'FAILED', createdAt: at(0) });
      const waiting = record('msg_h', 'SENT', { createdAt: at(-10) });
      const recent = record('msg_h', 'DELIVERED', { state: 'DELIVERED', createdAt: at(1) });
      await outbox.add([delivered, givenUp, waiting, recent]);
      expect(await outbox.purgeSettled(at(0))).toBe(2);
      expect(await outbox.forMessage('msg_g')).toEqual([]);
      expect((await outbox.forMessage('msg_h')).map(({ id }) => id)).toEqual([
        waiting.id,
        recent.id,
      ]);
      expect(await outbox.pending()).toBe(1);
      expect(await outbox.purgeSettled(at(0))).toBe(0);
    });
  });
}

describeOutbox('memory', () =>
  Promise.resolve({ outbox: new MemoryCallbackOutbox(), close: () => Promise.resolve() }),
);

describeOutbox('MongoDB (FerretDB)', async () => {
  const moduleRef: TestingModule = await openMongoModule(
    [
      { name: CALLBACK_MODEL, schema: CallbackSchema },
      { name: DISPATCH_LOCK_MODEL, schema: DispatchLockSchema },
    ],
    [{ provide: CallbackOutbox, useClass: MongoCallbackOutbox }],
  );
  return { outbox: moduleRef.get(CallbackOutbox), close: () => moduleRef.close() };
});
