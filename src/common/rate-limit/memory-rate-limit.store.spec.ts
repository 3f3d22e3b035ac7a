import { Clock } from '../clock/clock';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import type { WindowDecision } from './sliding-window';

/** A clock that only moves when the test moves it. */
class ManualClock extends Clock {
  constructor(private ms: number) {
    super();
  }

  override now(): Date {
    return new Date(this.ms);
  }

  override nowMs(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

const WINDOW_MS = 60_000;
const LIMIT = 10;
/** A window boundary, so that the elapsed time in a window is what the test advanced. */
const START_MS = 28_000_000 * WINDOW_MS;

describe('MemoryRateLimitStore', () => {
  let clock: ManualClock;
  let store: MemoryRateLimitStore;

  beforeEach(() => {
    clock = new ManualClock(START_MS);
    store = new MemoryRateLimitStore(clock);
  });

  afterEach(() => {
    store.onModuleDestroy();
  });

  async function hits(count: number, key = 'app-1', limit = LIMIT): Promise<WindowDecision[]> {
    const decisions: WindowDecision[] = [];
    for (let i = 0; i < count; i += 1) decisions.push(await store.hit(key, limit, WINDOW_MS));
    return decisions;
  }

  const allowedCount = (decisions: readonly WindowDecision[]): number =>
    decisions.filter((decision) => decision.allowed).length;

  /** How many hits in a row pass right now (stops at the first refusal). */
  async function budgetLeft(key = 'app-1', limit = LIMIT): Promise<number> {
    let allowed = 0;
    while ((await store.hit(key, limit, WINDOW_MS)).allowed) allowed += 1;
    return allowed;
  }

  it('allows exactly the limit within a window, then refuses', async () => {
    const decisions = await hits(LIMIT + 1);

    expect(decisions.slice(0, LIMIT).every((decision) => decision.allowed)).toBe(true);
    expect(decisions[LIMIT].allowed).toBe(false);
  });

  it('counts down the remaining budget hit by hit', async () => {
    const decisions = await hits(LIMIT);

    expect(decisions.map((decision) => decision.used)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions.every((decision) => decision.retryAfterSeconds === 0)).toBe(true);
  });

  it('answers a refused hit with retry and reset times taken from the clock', async () => {
    clock.advance(15_000);
    await hits(LIMIT);

    const refused = await store.hit('app-1', LIMIT, WINDOW_MS);

    expect(refused).toEqual({
      allowed: false,
      used: LIMIT,
      remaining: 0,
      resetSeconds: 45,
      retryAfterSeconds: 45,
    });
  });

  it('keeps refusing for the rest of the window', async () => {
    await hits(LIMIT);
    clock.advance(WINDOW_MS - 1);

    expect((await store.hit('app-1', LIMIT, WINDOW_MS)).allowed).toBe(false);
  });

  it('does not count refused hits against the budget', async () => {
    await hits(LIMIT);
    const refused = await hits(50);
    expect(allowedCount(refused)).toBe(0);

    // Had the 50 refused hits counted, 60 previous hits would still weigh 30 here.
    clock.advance(WINDOW_MS + WINDOW_MS / 2);
    expect(await budgetLeft()).toBe(LIMIT / 2);
  });

  describe('in the next window', () => {
    beforeEach(async () => {
      await hits(LIMIT);
    });

    it('does not hand back the whole budget as soon as the window changes', async () => {
      clock.advance(WINDOW_MS);

      const decision = await store.hit('app-1', LIMIT, WINDOW_MS);

      expect(decision.allowed).toBe(false);
      expect(decision.resetSeconds).toBe(60);
    });

    it('frees one hit as soon as the previous window has slid a little', async () => {
      clock.advance(WINDOW_MS + 1);

      expect(await budgetLeft()).toBe(1);
    });

    it('has about half the budget back halfway through', async () => {
      clock.advance(WINDOW_MS + WINDOW_MS / 2);

      expect(await budgetLeft()).toBe(LIMIT / 2);
    });

    it('keeps recovering as the window slides on', async () => {
      clock.advance(WINDOW_MS + WINDOW_MS / 2);
      expect(await budgetLeft()).toBe(5);

      // Three quarters in, the estimate is 10 * 0.25 + 5 = 7.5: 7.5, 8.5 and 9.5 are under 10.
      clock.advance(WINDOW_MS / 4);
      expect(await budgetLeft()).toBe(3);
    });

    it('becomes a refusal whose retry time, once waited, lets a hit through', async () => {
      clock.advance(WINDOW_MS + WINDOW_MS / 2);
      await budgetLeft();

      const refused = await store.hit('app-1', LIMIT, WINDOW_MS);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);

      clock.advance(refused.retryAfterSeconds * 1000 + 1);
      expect((await store.hit('app-1', LIMIT, WINDOW_MS)).allowed).toBe(true);
    });

    it('has the whole budget back once a full window has passed without hits', async () => {
      clock.advance(2 * WINDOW_MS);

      expect(await budgetLeft()).toBe(LIMIT);
    });

    it('forgets everything after a long silence', async () => {
      clock.advance(1_000 * WINDOW_MS + 123);

      expect(await budgetLeft()).toBe(LIMIT);
    });
  });

  it('lets the retry time of a refusal at the limit be honoured', async () => {
    await hits(LIMIT);
    const refused = await store.hit('app-1', LIMIT, WINDOW_MS);
    expect(refused.retryAfterSeconds).toBe(60);

    clock.advance(refused.retryAfterSeconds * 1000 + 1);

    expect((await store.hit('app-1', LIMIT, WINDOW_MS)).allowed).toBe(true);
  });

  it('keeps separate budgets for separate keys', async () => {
    await hits(LIMIT, 'app-1');

    expect(allowedCount(await hits(LIMIT, 'app-2'))).toBe(LIMIT);
    expect((await store.hit('app-1', LIMIT, WINDOW_MS)).allowed).toBe(false);
    expect((await store.hit('app-2', LIMIT, WINDOW_MS)).allowed).toBe(false);
    expect((await store.hit('app-3', LIMIT, WINDOW_MS)).allowed).toBe(true);
  });

  it('applies the limit passed with each hit', async () => {
    expect(allowedCount(await hits(5, 'small', 3))).toBe(3);
    expect(allowedCount(await hits(5, 'large', 5))).toBe(5);
  });

  describe('peek', () => {
    it('tells what a hit would be told, without counting one', async () => {
      await hits(LIMIT - 1);

      for (let i = 0; i < 5; i += 1) {
        expect((await store.peek('app-1', LIMIT, WINDOW_MS)).allowed).toBe(true);
      }
      expect(await budgetLeft()).toBe(1);
    });

    it('reports a spent budget as refused, with the same retry time as a hit', async () => {
      await hits(LIMIT);

      const peeked = await store.peek('app-1', LIMIT, WINDOW_MS);
      const refused = await store.hit('app-1', LIMIT, WINDOW_MS);
      expect(peeked).toEqual(refused);
      expect(peeked.allowed).toBe(false);
    });
  });
});
