import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SendRateCaps } from '../../src/common/rate-limit/send-rate-caps';

export interface SendRateCapsFixture {
  readonly caps: SendRateCaps;
  close(): Promise<void>;
}

/** One call, with the wall-clock milliseconds before and after it. */
export interface Timed {
  readonly before: number;
  readonly waitMs: number;
  readonly after: number;
}

export async function timed(call: () => Promise<number>): Promise<Timed> {
  const before = Date.now();
  const waitMs = await call();
  return { before, waitMs, after: Date.now() };
}

/**
 * The slot a reservation took (or the next free one a wait names) lies between the two clock
 * readings plus the wait: the adapter read its clock in between. Both clocks are this machine's;
 * a millisecond each way covers rounding.
 */
const slotBounds = ({ before, waitMs, after }: Timed): readonly [number, number] => [
  before + waitMs - 1,
  after + waitMs + 1,
];

/** `b`'s slot comes `gapMs` after `a`'s, as far as the readings can tell. */
export function expectGap(a: Timed, b: Timed, gapMs: number): void {
  const [aLow, aHigh] = slotBounds(a);
  const [bLow, bHigh] = slotBounds(b);
  expect(bLow - aHigh).toBeLessThanOrEqual(gapMs);
  expect(bHigh - aLow).toBeGreaterThanOrEqual(gapMs);
}

export const aKey = (): string => `provider-${randomBytes(4).toString('hex')}`;

/** The behaviour every SendRateCaps adapter must have; run against each of them. */
export function describeSendRateCapsContract(
  name: string,
  open: () => Promise<SendRateCapsFixture>,
): void {
  describe(`SendRateCaps contract: ${name}`, () => {
    let fixture: SendRateCapsFixture;
    let caps: SendRateCaps;

    beforeAll(async () => {
      fixture = await open();
      caps = fixture.caps;
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('spaces the sends of one key at its rate, each taking the next free slot', async () => {
      const key = aKey();
      const reserved: Timed[] = [];
      for (let i = 0; i < 5; i += 1) reserved.push(await timed(() => caps.reserve(key, 10)));
      expect(reserved[0].waitMs).toBe(0);
      for (let i = 1; i < reserved.length; i += 1) expectGap(reserved[i - 1], reserved[i], 100);
      expectGap(reserved[0], reserved[4], 400);
    });

    it('takes a rate below one per second', async () => {
      const key = aKey();
      const first = await timed(() => caps.reserve(key, 0.5));
      const second = await timed(() => caps.reserve(key, 0.5));
      expectGap(first, second, 2_000);
    });

    it('keeps the keys apart', async () => {
      const busy = aKey();
      for (let i = 0; i < 4; i += 1) await caps.reserve(busy, 1);
      expect(await caps.reserve(aKey(), 1)).toBe(0);
      expect(await caps.currentWait(aKey())).toBe(0);
    });

    it('tells the current wait without reserving: the next send gets that very slot', async () => {
      const key = aKey();
      for (let i = 0; i < 3; i += 1) await caps.reserve(key, 5);
      const told = await timed(() => caps.currentWait(key));
      const toldAgain = await timed(() => caps.currentWait(key));
      const next = await timed(() => caps.reserve(key, 5));
      expect(told.waitMs).toBeGreaterThan(0);
      expect(told.waitMs).toBeLessThanOrEqual(600);
      expectGap(told, toldAgain, 0);
      expectGap(told, next, 0);
    });

    it('frees a key once its slots have passed', async () => {
      const key = aKey();
      await caps.reserve(key, 20);
      await caps.reserve(key, 20);
      await sleep(200);
      expect(await caps.currentWait(key)).toBe(0);
      expect(await caps.reserve(key, 20)).toBe(0);
    });
  });
}
