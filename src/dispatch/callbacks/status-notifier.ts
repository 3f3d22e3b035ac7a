import { Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { CryptoService } from '../../common/crypto/crypto.service';
import { currentTraceCarrier } from '../../common/tracing/spans';
import type { MessageEvent } from '../../contract/message-event';
import type { Message } from '../../message-log/message.model';
import { CallbackOutbox, type CallbackRecord, sequenceAt } from './callback-outbox';
import { CallbackWorker } from './callback-worker';

/** An event as a callback names it. */
export interface CallbackEvent {
  readonly type: string;
  readonly at: string;
  readonly recipient?: string;
  readonly detail?: string;
}

/**
 * The JSON a callback receiver gets for each status change (`message.status`), and for an event
 * that leaves the status as it is but that the app must hear of (`message.event`: an unsubscribe).
 */
export interface StatusCallbackPayload {
  readonly type: 'message.status' | 'message.event';
  readonly messageId: string;
  readonly appId: string;
  readonly channel: string;
  readonly status: string;
  readonly providerStatus?: string;
  readonly attempt?: Message['attempts'][number];
  /** With `message.event`: what happened. */
  readonly event?: CallbackEvent;
  readonly at: string;
}

const callbackEventOf = ({ type, at, recipient, detail }: MessageEvent): CallbackEvent => ({
  type,
  at: at.toISOString(),
  ...(recipient === undefined ? {} : { recipient }),
  ...(detail === undefined ? {} : { detail }),
});

function payloadOf(message: Message, event?: MessageEvent): StatusCallbackPayload {
  const attempt = message.attempts.at(-1);
  return {
    type: event ? 'message.event' : 'message.status',
    messageId: message.id,
    appId: message.appId,
    channel: message.channel,
    status: message.status,
    ...(message.providerStatus ? { providerStatus: message.providerStatus } : {}),
    ...(attempt ? { attempt } : {}),
    ...(event ? { event: callbackEventOf(event) } : {}),
    at: (event?.at ?? message.updatedAt).toISOString(),
  };
}

/** The first record of each event id, in their order. */
function firstOfEachEvent<T extends { readonly eventId: string }>(records: readonly T[]): T[] {
  const seen = new Set<string>();
  return records.filter(({ eventId }) => !seen.has(eventId) && Boolean(seen.add(eventId)));
}

/**
 * Turns each status change of a message with a `callbackUrl`, and each event its app must hear
 * of, into a record of the callback outbox, which `CallbackWorker` delivers, in order per
 * message, and retries for about a day. A slow receiver never holds up sending. A record keeps
 * the trace that made it, so that its delivery is a span of that trace. API processes
 * (`ROLE=api`) run no worker: the workers' next poll delivers what they record.
 */
@Injectable()
export class StatusNotifier {
  private readonly logger = new Logger(StatusNotifier.name);
  private counter = 0;

  constructor(
    private readonly outbox: CallbackOutbox,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    @Optional() private readonly worker?: CallbackWorker,
  ) {}

  statusChanged(message: Message): void {
    this.notify(message);
  }

  /** Posts `event` of the message, in order with its status changes. */
  eventRecorded(message: Message, event: MessageEvent): void {
    this.notify(message, event);
  }

  /** The message's callbacks again, each under its own event id as first sent; how many. */
  async replay(messageId: string): Promise<number> {
    // One record per event: replaying earlier replays again would double the outbox each time.
    const earlier = firstOfEachEvent(await this.outbox.forMessage(messageId));
    const now = this.clock.now();
    await this.outbox.add(
      earlier.map(({ eventId, appId, status, url, body }) =>
        this.fresh({ eventId, appId, messageId, status, url, body }, now),
      ),
    );
    this.worker?.wake();
    return earlier.length;
  }

  private notify(message: Message, event?: MessageEvent): void {
    const url = message.callbackUrl;
    if (!url) return;
    this.record(message, url, event).catch((error: unknown) => {
      this.logger.warn(
        `status callback for ${message.id} not recorded: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  private async record(message: Message, url: string, event?: MessageEvent): Promise<void> {
    const now = this.clock.now();
    const record = this.fresh(
      {
        eventId: this.crypto.newId('evt', now),
        appId: message.appId,
        messageId: message.id,
        status: event?.type ?? message.status,
        url,
        body: JSON.stringify(payloadOf(message, event)),
      },
      now,
    );
    await this.outbox.add([record]);
    this.worker?.wake();
  }

  private fresh(
    fields: Pick<CallbackRecord, 'eventId' | 'appId' | 'messageId' | 'status' | 'url' | 'body'>,
    now: Date,
  ): CallbackRecord {
    const trace = currentTraceCarrier();
    return {
      ...fields,
      id: this.crypto.newId('cbk', now),
      state: 'PENDING',
      tries: [],
      nextTryAt: now,
      sequence: sequenceAt(now.getTime(), this.counter++),
      createdAt: now,
      ...(trace ? { trace } : {}),
    };
  }
}
