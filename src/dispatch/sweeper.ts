import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { CallbackOutbox } from './callbacks/callback-outbox';
import { PeriodicTask } from '../common/tasks/periodic-task';
import { DispatchQueue } from './dispatch.queue';
import { MessageLog } from '../message-log/message-log';
import { DispatchClaims } from './dispatch-claims';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';

const SWEEP_EVERY_MS = 5_000;
/** A due message normally leaves the queue within this; past it, its queue entry is presumed lost. */
const GRACE_MS = 10_000;
const BATCH = 500;
const PURGE_EVERY_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Housekeeping of the pipeline. Re-queues messages the queue lost: written but never enqueued (a crash between the two),
 * scheduled work whose queue entry is gone, and sends whose worker died (expired claims).
 * The claim makes a duplicate entry harmless, so re-queueing is always safe. Also purges
 * messages past their retention, and the status callbacks delivered or given up on as long ago:
 * FerretDB and the memory store have no TTL index.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Sweeper.name);
  private readonly sweeping = new PeriodicTask(
    { name: 'sweep', everyMs: SWEEP_EVERY_MS, run: () => this.sweep() },
    this.logger,
  );
  private readonly purging = new PeriodicTask(
    { name: 'purge', everyMs: PURGE_EVERY_MS, run: () => this.purge() },
    this.logger,
  );

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly log: MessageLog,
    private readonly claims: DispatchClaims,
    private readonly keys: IdempotencyKeys,
    private readonly queue: DispatchQueue,
    private readonly outbox: CallbackOutbox,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeping.start();
    this.purging.start();
  }

  /** Before the dispatcher stops its queue, so that nothing is queued into a closed queue. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.sweeping.stop(), this.purging.stop()]);
  }

  /** One pass; returns how many messages were re-queued. */
  async sweep(graceMs = GRACE_MS): Promise<number> {
    const due = await this.claims.findDue(new Date(this.clock.nowMs() - graceMs), BATCH);
    await Promise.all(
      due.map((message) =>
        this.queue.enqueue({
          messageId: message.id,
          priority: message.priority,
          attempt: message.attempts,
          ...(message.lapsed ? { recovery: true } : {}),
        }),
      ),
    );
    if (due.length > 0)
      this.logger.log(`re-queued ${due.length} message(s) whose queue entry was lost`);
    return due.length;
  }

  /**
   * Deletes messages past their retention, settled callbacks made RETENTION_DAYS ago, and
   * idempotency keys past theirs; returns how many messages.
   */
  async purge(): Promise<number> {
    const now = this.clock.now();
    const retained = new Date(now.getTime() - this.settings.retentionDays * DAY_MS);
    const [purged, callbacks] = await Promise.all([
      this.log.purgeExpired(now),
      this.outbox.purgeSettled(retained),
      this.keys.purgeExpired(now),
      this.claims.purgeExpired(now),
    ]);
    if (purged > 0) this.logger.log(`purged ${purged} message(s) past their retention`);
    if (callbacks > 0) this.logger.log(`purged ${callbacks} settled callback(s) past retention`);
    return purged;
  }
}
