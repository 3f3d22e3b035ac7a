import type { Clock } from '../../common/clock/clock';
import { readWebhookContent } from '../../contract/content/webhook.content';
import {
  type OutboundMessage,
  type Provider,
  ProviderError,
  type SendSuccess,
} from '../../contract/provider';
import type { WebhookClient } from './webhook.client';
import { isDelivered, webhookProviderError } from './webhook-errors';
import { SIGNATURE_HEADER, signCallback } from '../../contract/callback-signature';

/** The JSON a webhook receiver gets. */
export interface WebhookPayload {
  readonly subject?: string;
  readonly body: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly messageId: string;
  /** When this attempt was made (ISO 8601); a retry carries a later time. */
  readonly sentAt: string;
}

/**
 * Posts a message as signed JSON to its `to` URL. Signed exactly as status callbacks are (the
 * `Switchboard-Signature` header with the app's callback secret), so a receiver verifies both
 * the same way. A 2xx answer is DELIVERED: the receiver has the message. A repeat after a lost
 * answer carries the same `messageId`, by which receivers drop duplicates.
 */
export class WebhookProvider implements Provider {
  readonly type = 'webhook';
  readonly channel = 'webhook';
  /** Each app's receiver is its own: one that is down must not pause the others. */
  readonly failuresTripCircuit = false;

  constructor(
    readonly id: string,
    private readonly client: WebhookClient,
    private readonly clock: Clock,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const url = message.to.at(0);
    const content = readWebhookContent(message.content);
    if (url === undefined || content === undefined) {
      throw new ProviderError('CONTENT_REJECTED', 'the message has no webhook URL or no body');
    }
    if (message.signingSecret === undefined) {
      throw new ProviderError('CONFIGURATION_ERROR', "the app's signing secret was not loaded");
    }
    const now = this.clock.now();
    const payload: WebhookPayload = {
      ...content,
      metadata: message.metadata,
      messageId: message.id,
      sentAt: now.toISOString(),
    };
    const body = JSON.stringify(payload);
    const signature = signCallback(message.signingSecret, Math.floor(now.getTime() / 1000), body);
    const outcome = await this.client.post(
      url,
      {
        'content-type': 'application/json',
        'user-agent': 'Switchboard',
        [SIGNATURE_HEADER]: signature,
      },
      body,
    );
    if (!isDelivered(outcome)) throw webhookProviderError(outcome);
    return {
      providerMessageId: message.id,
      status: 'DELIVERED',
      providerStatus: `HTTP ${outcome.status}`,
    };
  }
}
