import { PeriodicTask, type PeriodicTaskOptions, type TaskLog } from './periodic-task';

const EVERY_MS = 1_000;

/** Keeps what a task logs. */
class KeptLog implements TaskLog {
  readonly lines: string[] = [];

  warn(message: string): void {
    this.lines.push(message);
  }
}

/** Runs that last until the test lets them end, counting how many were started. */
class HeldRuns {
  started = 0;
  private readonly held: (() => void)[] = [];
  private holding = true;

  readonly run = (): Promise<void> => {
    this.started += 1;
    if (!this.holding) return Promise.resolve();
    return new Promise((resolve) => this.held.push(resolve));
  };

  /** Ends the runs under way; later ones end at once. */
  release(): void {
    this.holding = false;
    for (const end of this.held.splice(0)) end();
  }
}

const refTimers = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('PeriodicTask', () => {
  let log: KeptLog;
  const tasks: PeriodicTask[] = [];

  const task = (options: Partial<PeriodicTaskOptions> & Pick<PeriodicTaskOptions, 'run'>) => {
    const made = new PeriodicTask({ name: 'test sweep', everyMs: EVERY_MS, ...options }, log);
    tasks.push(made);
    return made;
  };

  beforeEach(() => {
    log = new KeptLog();
  });

  afterEach(async () => {
    await Promise.all(tasks.splice(0).map((made) => made.stop()));
    jest.useRealTimers();
  });

  describe('on its timer', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });

    it('runs once per interval once started, and not before', async () => {
      let runs = 0;
      const counting = task({ run: () => void (runs += 1) });

      await jest.advanceTimersByTimeAsync(3 * EVERY_MS);
      expect(runs).toBe(0);

      counting.start();
      await jest.advanceTimersByTimeAsync(3 * EVERY_MS);
      expect(runs).toBe(3);
    });

    it('skips the ticks that find a run under way', async () => {
      const held = new HeldRuns();
      task({ run: held.run }).start();

      await jest.advanceTimersByTimeAsync(5 * EVERY_MS);
      expect(held.started).toBe(1);

      held.release();
      await jest.advanceTimersByTimeAsync(EVERY_MS);
      expect(held.started).toBe(2);
    });

    it('logs a failed run with its name and runs again at the next interval', async () => {
      let runs = 0;
      task({
        run: () => {
          runs += 1;
          return Promise.reject(new Error('store unavailable'));
        },
      }).start();

      await jest.advanceTimersByTimeAsync(2 * EVERY_MS);

      expect(runs).toBe(2);
      expect(log.lines).toEqual([
        'test sweep failed: store unavailable',
        'test sweep failed: store unavailable',
      ]);
    });

    it('runs no more once stopped', async () => {
      let runs = 0;
      const counting = task({ run: () => void (runs += 1) });
      counting.start();
      await jest.advanceTimersByTimeAsync(EVERY_MS);

      await counting.stop();
      await jest.advanceTimersByTimeAsync(5 * EVERY_MS);

      expect(runs).toBe(1);
    });
  });

  it('starts a triggered run after the run under way, one for every caller meanwhile', async () => {
    const held = new HeldRuns();
    const sweep = task({ run: held.run });

    const first = sweep.runNow();
    const second = sweep.runNow();
    const third = sweep.runNow();
    expect(third).toBe(second);
    expect(held.started).toBe(1);

    held.release();
    await first;
    await second;
    expect(held.started).toBe(2);
  });

  it('starts a triggered run at once when none is under way', async () => {
    let runs = 0;
    await task({ run: () => void (runs += 1) }).runNow();
    expect(runs).toBe(1);
  });

  it('resolves a triggered run that failed, having logged it', async () => {
    const failing = task({ name: 'key use flush', run: () => Promise.reject(new Error('down')) });

    await expect(failing.runNow()).resolves.toBeUndefined();

    expect(log.lines).toEqual(['key use flush failed: down']);
  });

  it('waits, when stopped, for the run under way and the one asked for meanwhile', async () => {
    const held = new HeldRuns();
    const sweep = task({ run: held.run });
    void sweep.runNow();
    void sweep.runNow();

    let stopped = false;
    const stopping = sweep.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);

    held.release();
    await stopping;
    expect(stopped).toBe(true);
    expect(held.started).toBe(2);
  });

  it('makes a final run when stopped, if asked for, after the run under way', async () => {
    const order: string[] = [];
    let calls = 0;
    const flush = task({
      finalRun: true,
      run: async () => {
        calls += 1;
        const call = calls;
        order.push(`start ${call}`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`end ${call}`);
      },
    });
    void flush.runNow();

    await flush.stop();

    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('makes no final run when not asked for', async () => {
    let runs = 0;
    await task({ run: () => void (runs += 1) }).stop();
    expect(runs).toBe(0);
  });

  it('runs on a timer that does not hold the process open', async () => {
    const before = refTimers();
    let ran!: () => void;
    const firstRun = new Promise<void>((resolve) => {
      ran = resolve;
    });
    task({
      everyMs: 10,
      run: () => {
        ran();
      },
    }).start();

    expect(refTimers()).toBe(before);
    await firstRun;
  });
});
