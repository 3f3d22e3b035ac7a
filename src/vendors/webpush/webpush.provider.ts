import type { OutboundUrlPolicy } from '../../common/http/outbound-url';
import {
  type OutboundMessage,
  type Provider,
  ProviderError,
  type SendSuccess,
} from '../../contract/provider';
import {
  type PushNotification,
  pushNotification,
  requireTarget,
} from '../../contract/content/push-notification';
import { webPushProviderError } from './webpush-errors';
import type { WebPushClient } from './webpush.client';

/** What the service worker of the subscribing page receives, as JSON. */
export function webPushPayload(notification: PushNotification): string {
  return JSON.stringify({
    title: notification.title ?? null,
    body: notification.body,
    data: notification.data,
    url: notification.url ?? null,
    messageId: notification.messageId,
  });
}

/**
 * Web Push (RFC 8030) to browser subscriptions, with VAPID (RFC 8292). Sent means the push
 * service took the message; the browser fetches it when it is online.
 *
 * The endpoint is the caller's choice, so before each attempt its host is resolved and checked
 * like a status callback's (no private, loopback or link-local address: SSRF), and the
 * connection goes to the checked address only. A refused address ends the message UNDELIVERABLE
 * (the subscription cannot be used); a failed lookup is retried.
 */
export class WebPushProvider implements Provider {
  readonly type = 'webpush';
  readonly channel = 'push';

  constructor(
    readonly id: string,
    private readonly client: WebPushClient,
    private readonly policy: OutboundUrlPolicy,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const notification = pushNotification(message);
    requireTarget(notification, 'webpush', this.type);
    const { keys } = notification;
    if (!keys) throw new ProviderError('INVALID_RECIPIENT', 'the subscription has no keys');
    const resolved = await this.policy.resolveSafe(notification.to);
    if (!resolved.ok) {
      throw new ProviderError(
        resolved.retryable ? 'PROVIDER_OUTAGE' : 'INVALID_RECIPIENT',
        `the subscription endpoint ${resolved.reason}`,
      );
    }
    const result = await this.client.send({
      endpoint: notification.to,
      keys,
      payload: webPushPayload(notification),
      address: { address: resolved.address, family: resolved.family },
    });
    if (!result.ok) throw webPushProviderError(result.failure);
    return { providerMessageId: result.location ?? message.id, status: 'SENT' };
  }
}
