import { Injectable, Logger } from '@nestjs/common';
import { AppsService } from '../../identity/apps.service';
import { Clock } from '../../common/clock/clock';
import type { MessageEvent } from '../../contract/message-event';
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
 * slow receiver never holds up sending.
 */
@Injectable()
export class StatusNotifier {
  private readonly logger = new Logger(StatusNotifier.name);

  constructor(
    private readonly sender: StatusCallbackSender,
    private readonly apps: AppsService,
    private readonly store: MessageLog,
    private readonly clock: Clock,
  ) {}

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
    this.post(message, url, event).catch((error: unknown) => {
      this.logger.warn(
        `status callback for ${message.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  private async post(message: Message, url: string, event?: MessageEvent): Promise<void> {
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
  }
}
