import { Logger } from '@nestjs/common';

export interface PeriodicTaskOptions {
  /** Names the task in the log line of a failed run. */
  readonly name: string;
  readonly everyMs: number;
  /** One run, awaited if it returns a promise; a failure is logged and the next tick runs again. */
  readonly run: () => unknown;
  /** Runs once more when stopped, for work kept in memory that shutdown must not lose. */
  readonly finalRun?: boolean;
}

/** Where a failed run is reported: a Nest `Logger`, usually its owner's. */
export type TaskLog = Pick<Logger, 'warn'>;

/**
 * Housekeeping on a timer: one run at a time (a tick that finds a run under way skips), a
 * timer that never keeps the process alive, failures logged rather than thrown, and a stop
 * that waits for the run under way. Its owner starts and stops it from its lifecycle hooks.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The run asked for while another was under way: it starts when that one ends. */
  private queued?: Promise<void>;

  constructor(
    private readonly options: PeriodicTaskOptions,
    private readonly log: TaskLog = new Logger(PeriodicTask.name),
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.begin();
    }, this.options.everyMs);
    this.timer.unref();
  }

  /**
   * A run that starts after this call, so that it sees what the caller did before: at once, or
   * when the run under way ends (callers meanwhile share it). Resolves when it ends, never rejects.
   */
  runNow(): Promise<void> {
    const running = this.running;
    if (!running) return this.begin();
    this.queued ??= running.then(() => {
      this.queued = undefined;
      return this.begin();
    });
    return this.queued;
  }

  /** Stops the timer, waits for the runs under way or asked for, then makes the final run. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await (this.queued ?? this.running);
    if (this.options.finalRun) await this.runNow();
  }

  private begin(): Promise<void> {
    this.running = this.attempt().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async attempt(): Promise<void> {
    try {
      await this.options.run();
    } catch (error) {
      this.log.warn(
        `${this.options.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
