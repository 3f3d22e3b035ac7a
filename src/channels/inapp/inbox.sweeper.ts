import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { PeriodicTask } from '../../common/tasks/periodic-task';
import { InboxStore } from './inbox.store';

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Deletes notifications past their retention: FerretDB and the memory store have no TTL
 * index (reads skip expired ones meanwhile).
 */
@Injectable()
export class InboxSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxSweeper.name);
  private readonly purging = new PeriodicTask(
    { name: 'notification purge', everyMs: PURGE_EVERY_MS, run: () => this.purge() },
    this.logger,
  );

  constructor(
    private readonly store: InboxStore,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.purging.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.purging.stop();
  }

  /** Deletes expired notifications; returns how many. */
  async purge(): Promise<number> {
    const purged = await this.store.purgeExpired(this.clock.now());
    if (purged > 0) this.logger.log(`purged ${purged} notification(s) past their retention`);
    return purged;
  }
}
