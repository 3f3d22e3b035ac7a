import { Injectable, Logger } from '@nestjs/common';
import { AppsService } from '../../identity/apps.service';
import { Clock } from '../../common/clock/clock';
import type { Message } from '../../message-log/message.model';
import { MessageLog } from '../../message-log/message-log';
import { StatusCallbackSender } from './status-callback';

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
    const url = message.callbackUrl;
    if (!url) return;
    this.post(message, url).catch((error: unknown) => {
      this.logger.warn(
        `status callback for ${message.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  private async post(message: Message, url: string): Promise<void> {
    const app = await this.apps.get(message.appId);
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
      [{ type: 'callback', at: this.clock.now(), detail: `${message.status} ${outcome}` }],
      this.clock.now(),
    );
  }
}
