import { Injectable, Logger } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import { AppsService } from '../../identity/apps.service';
import { Clock } from '../../common/clock/clock';
import type { MessageEvent } from '../../contract/message-event';
import { MetricsService } from '../../common/metrics/metrics.service';
import { failSpan, inSpan } from '../../common/tracing/spans';
import type { Message } from '../../message-log/message.model';
import { MessageLog } from '../../message-log/message-log';
import { StatusCallbackSender } from './status-callback';

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

/**
 * Posts each status change of a message with a `callbackUrl`, signed with its app's secret, in
 * order per message, and records the outcome as a `callback` event. Runs in the background: a
 * slow receiver never holds up sending. Each callback is a client span of the trace that made
 * the change.
 */
@Injectable()
export class StatusNotifier {
  private readonly logger = new Logger(StatusNotifier.name);
  private readonly settled: Counter<'outcome'>;
  private inProgress = 0;

  constructor(
    private readonly sender: StatusCallbackSender,
    private readonly apps: AppsService,
    private readonly store: MessageLog,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.settled = new Counter({
      name: 'switchboard_callbacks_total',
      help: 'Status callbacks finished, by outcome (delivered, failed: refused or out of tries)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  /** Callbacks requested and not yet delivered or given up. */
  get pending(): number {
    return this.inProgress;
  }

  statusChanged(message: Message): void {
    this.notify(message);
  }

  /** Posts `event` of the message, in order with its status changes. */
  eventRecorded(message: Message, event: MessageEvent): void {
    this.notify(message, event);
  }

  private notify(message: Message, event?: MessageEvent): void {
    const url = message.callbackUrl;
    if (!url) return;
    this.inProgress += 1;
    const attributes = {
      'switchboard.message.id': message.id,
      'switchboard.message.status': message.status,
    };
    inSpan('callback', { kind: SpanKind.CLIENT, attributes }, (span) =>
      this.post(message, url, event).then((ok) => {
        span.setAttribute('switchboard.callback.delivered', ok);
        if (!ok) failSpan(span, 'not delivered');
      }),
    )
      .catch((error: unknown) => {
        this.logger.warn(
          `status callback for ${message.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        this.inProgress -= 1;
      });
  }

  /** Delivers the callback and records how it went; true when the receiver took it. */
  private async post(message: Message, url: string, event?: MessageEvent): Promise<boolean> {
    const app = await this.apps.get(message.appId);
    const attempt = message.attempts.at(-1);
    const payload: StatusCallbackPayload = {
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
    const result = await this.sender.deliverInOrder(
      message.id,
      { url, secret: app.callbackSecret },
      payload,
    );
    this.settled.inc({ outcome: result.ok ? 'delivered' : 'failed' });
    const outcome = result.ok
      ? `delivered (${result.status ?? 'ok'})`
      : `failed after ${result.attempts} tries: ${result.error ?? result.status ?? 'refused'}`;
    await this.store.appendEvents(
      message.id,
      [
        {
          type: 'callback',
          at: this.clock.now(),
          detail: `${event?.type ?? message.status} ${outcome}`,
        },
      ],
      this.clock.now(),
    );
    return result.ok;
  }
}
