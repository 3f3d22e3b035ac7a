import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { CryptoService } from '../../common/crypto/crypto.service';
import type { Message } from '../../message-log/message.model';
import { CallbackOutbox, type CallbackRecord, sequenceAt } from './callback-outbox';
import { CallbackWorker } from './callback-worker';

/** The JSON a callback receiver gets for each status change. */
export interface StatusCallbackPayload {
  readonly type: 'message.status';
  readonly messageId: string;
  readonly appId: string;
  readonly channel: string;
  readonly status: string;
  readonly providerStatus?: string;
  readonly attempt?: Message['attempts'][number];
  readonly at: string;
}

/**
 * Turns each status change of a message with a `callbackUrl` into a record of the callback
 * outbox, which `CallbackWorker` delivers, in order per message, and retries for about a day.
 * A slow receiver never holds up sending.
 */
@Injectable()
export class StatusNotifier {
  private readonly logger = new Logger(StatusNotifier.name);
  private counter = 0;

  constructor(
    private readonly outbox: CallbackOutbox,
    private readonly worker: CallbackWorker,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  statusChanged(message: Message): void {
    const url = message.callbackUrl;
    if (!url) return;
    this.record(message, url).catch((error: unknown) => {
      this.logger.warn(
        `status callback for ${message.id} not recorded: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /** The message's callbacks again, each under its own event id as first sent; how many. */
  async replay(messageId: string): Promise<number> {
    const earlier = await this.outbox.forMessage(messageId);
    const now = this.clock.now();
    await this.outbox.add(
      earlier.map(({ eventId, appId, status, url, body }) =>
        this.fresh({ eventId, appId, messageId, status, url, body }, now),
      ),
    );
    this.worker.wake();
    return earlier.length;
  }

  private async record(message: Message, url: string): Promise<void> {
    const attempt = message.attempts.at(-1);
    const payload: StatusCallbackPayload = {
      type: 'message.status',
      messageId: message.id,
      appId: message.appId,
      channel: message.channel,
      status: message.status,
      ...(message.providerStatus ? { providerStatus: message.providerStatus } : {}),
      ...(attempt ? { attempt } : {}),
      at: message.updatedAt.toISOString(),
    };
    const now = this.clock.now();
    const record = this.fresh(
      {
        eventId: this.crypto.newId('evt', now),
        appId: message.appId,
        messageId: message.id,
        status: message.status,
        url,
        body: JSON.stringify(payload),
      },
      now,
    );
    await this.outbox.add([record]);
    this.worker.wake();
  }

  private fresh(
    fields: Pick<CallbackRecord, 'eventId' | 'appId' | 'messageId' | 'status' | 'url' | 'body'>,
    now: Date,
  ): CallbackRecord {
    return {
      ...fields,
      id: this.crypto.newId('cbk', now),
      state: 'PENDING',
      tries: [],
      nextTryAt: now,
      sequence: sequenceAt(now.getTime(), this.counter++),
      createdAt: now,
    };
  }
}
