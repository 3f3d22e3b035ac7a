import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { InboxStore } from './inbox.store';

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Deletes notifications past their retention: FerretDB and the memory store have no TTL
 * index (reads skip expired ones meanwhile).
 */
@Injectable()
export class InboxSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: InboxStore,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      void this.purge();
    }, PURGE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Deletes expired notifications; returns how many (0 when the store failed, which is logged). */
  async purge(): Promise<number> {
    try {
      const purged = await this.store.purgeExpired(this.clock.now());
      if (purged > 0) this.logger.log(`purged ${purged} notification(s) past their retention`);
      return purged;
    } catch (error) {
      this.logger.warn({ err: error }, 'purging expired notifications failed');
      return 0;
    }
  }
}
