import { Logger } from '@nestjs/common';
import type { Clock } from '../clock/clock';

const WARN_EVERY_MS = 10_000;

/**
 * Says that a Redis-backed limit is off while Redis fails, at most once every ten seconds: one
 * line per request or send would bury the rest of the log.
 */
export class RedisFailureWarning {
  private readonly logger: Logger;
  private lastWarningMs = 0;

  /** `off` says what is off, e.g. "rate limiting is off". */
  constructor(
    context: string,
    private readonly off: string,
    private readonly clock: Clock,
  ) {
    this.logger = new Logger(context);
  }

  warn(error: unknown): void {
    const now = this.clock.nowMs();
    if (now - this.lastWarningMs <= WARN_EVERY_MS) return;
    this.lastWarningMs = now;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${this.off} while Redis fails: ${reason}`);
  }
}
