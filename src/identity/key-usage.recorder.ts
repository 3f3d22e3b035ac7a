import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { PeriodicTask } from '../common/tasks/periodic-task';
import { AppStore } from './app.store';

const FLUSH_EVERY_MS = 30_000;

/**
 * Keeps each key's last use in memory and writes them in one batch every 30 s and at
 * shutdown, so authenticating a request never costs a database write.
 */
@Injectable()
export class KeyUsageRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private pending = new Map<string, Date>();
  private readonly flushing = new PeriodicTask(
    {
      name: 'recording key use',
      everyMs: FLUSH_EVERY_MS,
      run: () => this.writePending(),
      finalRun: true,
    },
    new Logger(KeyUsageRecorder.name),
  );

  constructor(private readonly store: AppStore) {}

  onModuleInit(): void {
    this.flushing.start();
  }

  used(keyId: string, at: Date): void {
    this.pending.set(keyId, at);
  }

  /** Writes the uses kept so far now (or waits for the write under way); a failure is logged. */
  flush(): Promise<void> {
    return this.flushing.runNow();
  }

  /** Before the database connection closes: the last write. */
  beforeApplicationShutdown(): Promise<void> {
    return this.flushing.stop();
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.recordKeyUse(batch);
    } catch (error) {
      // Put the batch back, unless newer uses arrived meanwhile.
      for (const [keyId, at] of batch) if (!this.pending.has(keyId)) this.pending.set(keyId, at);
      throw error;
    }
  }
}
