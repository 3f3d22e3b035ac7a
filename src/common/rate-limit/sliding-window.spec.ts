import { admits, decide, type WindowCounts } from './sliding-window';

const WINDOW_MS = 60_000;
const LIMIT = 10;

const counts = (current: number, previous: number, elapsedMs: number): WindowCounts => ({
  current,
  previous,
  elapsedMs,
});

/** The counts a store would see `waitMs` later if no other hit arrived in the meantime. */
function after(state: WindowCounts, waitMs: number): WindowCounts {
  const elapsedMs = state.elapsedMs + waitMs;
  if (elapsedMs < WINDOW_MS) return { ...state, elapsedMs };
  if (elapsedMs < 2 * WINDOW_MS) {
    return { current: 0, previous: state.current, elapsedMs: elapsedMs - WINDOW_MS };
  }
  return { current: 0, previous: 0, elapsedMs: elapsedMs % WINDOW_MS };
}

describe('admits', () => {
  describe('with nothing in the previous window', () => {
    it('admits a hit when the current count is just under the limit', () => {
      expect(admits(counts(LIMIT - 1, 0, 0), LIMIT, WINDOW_MS)).toBe(true);
    });

    it('refuses a hit when the current count is exactly at the limit', () => {
      expect(admits(counts(LIMIT, 0, 0), LIMIT, WINDOW_MS)).toBe(false);
    });

    it('refuses a hit when the current count is above the limit', () => {
      expect(admits(counts(LIMIT + 5, 0, 30_000), LIMIT, WINDOW_MS)).toBe(false);
    });

    it('admits the very first hit', () => {
      expect(admits(counts(0, 0, 0), 1, WINDOW_MS)).toBe(true);
    });
  });

  describe('weighting of the previous window', () => {
    it('counts the previous window in full when the current window has just begun', () => {
      expect(admits(counts(0, LIMIT, 0), LIMIT, WINDOW_MS)).toBe(false);
      expect(admits(counts(0, LIMIT - 1, 0), LIMIT, WINDOW_MS)).toBe(true);
    });

    it('counts half of the previous window halfway through the current one', () => {
      // 10 * 0.5 + 4 = 9 < 10; 10 * 0.5 + 5 = 10, which is not under the limit.
      expect(admits(counts(4, LIMIT, 30_000), LIMIT, WINDOW_MS)).toBe(true);
      expect(admits(counts(5, LIMIT, 30_000), LIMIT, WINDOW_MS)).toBe(false);
    });

    it('counts a quarter of the previous window three quarters of the way through', () => {
      // 20 * 0.25 + 4 = 9 < 10; 20 * 0.25 + 5 = 10.
      expect(admits(counts(4, 20, 45_000), LIMIT, WINDOW_MS)).toBe(true);
      expect(admits(counts(5, 20, 45_000), LIMIT, WINDOW_MS)).toBe(false);
    });

    it('lets the previous window weigh almost nothing just before the current one ends', () => {
      // 1 ms before the end, the previous window weighs 1/60000: 120000 hits still count as 2.
      expect(admits(counts(LIMIT - 1, 120_000, WINDOW_MS - 1), LIMIT, WINDOW_MS)).toBe(false);
      expect(admits(counts(LIMIT - 1, 30_000, WINDOW_MS - 1), LIMIT, WINDOW_MS)).toBe(true);
    });

    it('gives the previous window no weight at the end of the current one', () => {
      expect(admits(counts(LIMIT - 1, 1_000_000, WINDOW_MS), LIMIT, WINDOW_MS)).toBe(true);
    });
  });
});

describe('decide', () => {
  describe('used and remaining', () => {
    it('reports the hit just counted as used when it was allowed', () => {
      const decision = decide(counts(1, 0, 0), true, LIMIT, WINDOW_MS);
      expect(decision).toEqual({
        allowed: true,
        used: 1,
        remaining: LIMIT - 1,
        resetSeconds: 60,
        retryAfterSeconds: 0,
      });
    });

    it('weighs the previous window fully at elapsed 0, half at the middle and not at the end', () => {
      expect(decide(counts(0, 8, 0), true, LIMIT, WINDOW_MS).used).toBe(8);
      expect(decide(counts(0, 8, 30_000), true, LIMIT, WINDOW_MS).used).toBe(4);
      expect(decide(counts(0, 8, WINDOW_MS), true, LIMIT, WINDOW_MS).used).toBe(0);
    });

    it('rounds a fractional estimate up', () => {
      // 3 * 0.5 + 1 = 2.5
      const decision = decide(counts(1, 3, 30_000), true, LIMIT, WINDOW_MS);
      expect(decision.used).toBe(3);
      expect(decision.remaining).toBe(LIMIT - 3);
    });

    it('counts a sliver of the previous window as a whole hit just before the window ends', () => {
      expect(decide(counts(0, 1, WINDOW_MS - 1), true, LIMIT, WINDOW_MS).used).toBe(1);
    });

    it('caps used at the limit when the estimate of an allowed hit rounds above it', () => {
      // Allowed at 1 * 0.5 + 9 = 9.5; after counting it, 1 * 0.5 + 10 = 10.5.
      const decision = decide(counts(LIMIT, 1, 30_000), true, LIMIT, WINDOW_MS);
      expect(decision.used).toBe(LIMIT);
      expect(decision.remaining).toBe(0);
    });

    it('caps used at the limit and keeps remaining at 0 when both windows are over budget', () => {
      const decision = decide(counts(LIMIT, 3 * LIMIT, 0), false, LIMIT, WINDOW_MS);
      expect(decision.used).toBe(LIMIT);
      expect(decision.remaining).toBe(0);
    });

    it('never reports a negative remaining budget when the counts exceed a lowered limit', () => {
      const decision = decide(counts(50, 50, 10_000), false, 5, WINDOW_MS);
      expect(decision.used).toBe(5);
      expect(decision.remaining).toBe(0);
    });

    it('reports remaining 0 exactly at the limit', () => {
      const decision = decide(counts(LIMIT, 0, 0), true, LIMIT, WINDOW_MS);
      expect(decision.used).toBe(LIMIT);
      expect(decision.remaining).toBe(0);
    });
  });

  describe('resetSeconds', () => {
    it.each([
      [0, 60],
      [1, 60],
      [30_000, 30],
      [30_001, 30],
      [59_000, 1],
      [59_500, 1],
      [59_999, 1],
    ])(
      'is the seconds left in the current window, rounded up (elapsed %i ms -> %i s)',
      (elapsed, expected) => {
        expect(decide(counts(1, 0, elapsed), true, LIMIT, WINDOW_MS).resetSeconds).toBe(expected);
      },
    );

    it('is never below 1 second', () => {
      expect(decide(counts(1, 0, WINDOW_MS), true, LIMIT, WINDOW_MS).resetSeconds).toBe(1);
    });

    it('does not depend on whether the hit was allowed', () => {
      const allowed = decide(counts(1, 0, 12_345), true, LIMIT, WINDOW_MS);
      const refused = decide(counts(LIMIT, 0, 12_345), false, LIMIT, WINDOW_MS);
      expect(refused.resetSeconds).toBe(allowed.resetSeconds);
      expect(allowed.resetSeconds).toBe(48);
    });
  });

  describe('retryAfterSeconds', () => {
    it('is 0 when the hit was allowed', () => {
      expect(decide(counts(LIMIT, 5, 0), true, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(0);
    });

    describe('when the current window alone has reached the limit', () => {
      it('waits for the rest of the window when the next one may start fresh', () => {
        // In the next window 10 previous hits must weigh less than 10: right after it starts.
        expect(decide(counts(LIMIT, 0, 15_000), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(
          45,
        );
      });

      it('ignores what is left of the previous window, which the next window forgets', () => {
        expect(
          decide(counts(LIMIT, 1_000, 15_000), false, LIMIT, WINDOW_MS).retryAfterSeconds,
        ).toBe(45);
      });

      it('adds the part of the next window needed for an over-limit count to decay', () => {
        // 20 hits must weigh under 10 in the next window: after half of it.
        expect(decide(counts(20, 0, 0), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(90);
        // 40 hits must weigh under 10: after three quarters of it.
        expect(decide(counts(40, 0, 30_000), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(75);
      });
    });

    describe('when the previous window still weighs', () => {
      it('waits until enough of the previous window has slid out', () => {
        // 10 * w + 5 < 10 once w < 0.5: 30 s into the window.
        expect(decide(counts(5, LIMIT, 0), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(30);
        expect(decide(counts(5, LIMIT, 10_000), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(
          20,
        );
      });

      it('waits longer the more the previous window held', () => {
        // 20 * w + 5 < 10 once w < 0.25: 45 s into the window.
        expect(decide(counts(5, 20, 0), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(45);
      });

      it('rounds a sub-second wait up to 1 second', () => {
        // Admitted from 30 s; at 29.9 s only 100 ms are left.
        expect(decide(counts(5, LIMIT, 29_900), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(1);
      });

      it('rounds a fractional wait up to whole seconds', () => {
        // Admitted from 30 s; at 10.5 s, 19.5 s are left.
        expect(decide(counts(5, LIMIT, 10_500), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(
          20,
        );
      });

      it('is at least 1 second for a refused hit even when the counts would admit one now', () => {
        expect(decide(counts(5, LIMIT, 45_000), false, LIMIT, WINDOW_MS).retryAfterSeconds).toBe(1);
      });
    });

    it.each([
      counts(LIMIT, 0, 0),
      counts(LIMIT, 0, 59_999),
      counts(LIMIT, 7, 20_000),
      counts(20, 0, 0),
      counts(13, 4, 8_000),
      counts(5, LIMIT, 0),
      counts(0, LIMIT, 0),
      counts(2, 30, 12_345),
      counts(9, 3, 1_000),
    ])('agrees with admits: no hit fits before it, one fits right after it (%j)', (state) => {
      expect(admits(state, LIMIT, WINDOW_MS)).toBe(false);
      const { retryAfterSeconds } = decide(state, false, LIMIT, WINDOW_MS);
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(admits(after(state, retryAfterSeconds * 1000 - 1_000), LIMIT, WINDOW_MS)).toBe(false);
      expect(admits(after(state, retryAfterSeconds * 1000 + 1), LIMIT, WINDOW_MS)).toBe(true);
    });
  });
});
