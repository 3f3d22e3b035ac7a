import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { PeriodicTask } from '../../common/tasks/periodic-task';
import { MessageLog } from '../../message-log/message-log';
import { AttachmentStore, type SavedFiles } from './attachment.store';
import type { MessageStatus } from '../../contract/message-status';

const SWEEP_EVERY_MS = 10 * 60_000;
/** Files younger than this may belong to a message still being written: left alone. */
const SETTLE_GRACE_MS = 60 * 60_000;
const BATCH = 100;
/** Most batches looked at in one pass; the next pass starts from the oldest again. */
const MAX_BATCHES = 10;

/** Statuses of a message whose send may still need its files. */
const STILL_SENDING: readonly MessageStatus[] = ['SCHEDULED', 'QUEUED', 'SENDING', 'RETRYING'];

/**
 * Housekeeping of attachment bytes: deletes those past their retention (FerretDB and the
 * memory store have no TTL index), and those no send will read any more, which the send's
 * own clean-up did not drop: a message canceled before it was sent, a drop that failed, the
 * files of a message whose write failed after them.
 */
@Injectable()
export class AttachmentSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AttachmentSweeper.name);
  private readonly sweeping = new PeriodicTask(
    { name: 'attachment sweep', everyMs: SWEEP_EVERY_MS, run: () => this.sweep() },
    this.logger,
  );

  constructor(
    private readonly attachments: AttachmentStore,
    private readonly messages: MessageLog,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeping.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.sweeping.stop();
  }

  /** One pass; returns how many messages' files were dropped as no longer needed. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    await this.attachments.purgeExpired(now);
    const dropped = await this.dropUnneeded(new Date(now.getTime() - SETTLE_GRACE_MS));
    if (dropped > 0) this.logger.log(`dropped the attachments of ${dropped} settled message(s)`);
    return dropped;
  }

  /** Drops the files, saved before `before`, of messages that are settled or do not exist. */
  private async dropUnneeded(before: Date): Promise<number> {
    let dropped = 0;
    let after: SavedFiles | undefined;
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      const saved = await this.attachments.savedBefore(before, BATCH, after);
      for (const { messageId } of saved) {
        const message = await this.messages.getAcrossApps(messageId);
        if (message && STILL_SENDING.includes(message.status)) continue;
        await this.attachments.drop(messageId);
        dropped += 1;
      }
      after = saved.at(-1);
      if (saved.length < BATCH) break;
    }
    return dropped;
  }
}
