import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { AppStore } from './app.store';

const FLUSH_EVERY_MS = 30_000;

/**
 * Keeps each key's last use in memory and writes them in one batch every 30 s and at
 * shutdown, so authenticating a request never costs a database write.
 */
@Injectable()
export class KeyUsageRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(KeyUsageRecorder.name);
  private pending = new Map<string, Date>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly store: AppStore) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      void this.flush();
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  used(keyId: string, at: Date): void {
    this.pending.set(keyId, at);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.recordKeyUse(batch);
    } catch (error) {
      // Put the batch back, unless newer uses arrived meanwhile.
      for (const [keyId, at] of batch) if (!this.pending.has(keyId)) this.pending.set(keyId, at);
      this.logger.warn(
        `could not record key use: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
