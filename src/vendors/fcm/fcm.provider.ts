import type { OutboundMessage, Provider, SendSuccess } from '../../contract/provider';
import { fcmProviderError } from './fcm-errors';
import type { FcmClient, FcmMessage } from './fcm.client';
import {
  type PushNotification,
  pushNotification,
  requireTarget,
} from '../../contract/content/push-notification';

/**
 * The v1 message for a device token. FCM data values are strings, so the click target and the
 * message id travel among them, as the Web Push payload carries them.
 */
export function fcmMessage(notification: PushNotification): FcmMessage {
  return {
    token: notification.to,
    notification: {
      ...(notification.title === undefined ? {} : { title: notification.title }),
      body: notification.body,
    },
    data: {
      ...notification.data,
      ...(notification.url === undefined ? {} : { url: notification.url }),
      messageId: notification.messageId,
    },
  };
}

/** Firebase Cloud Messaging (HTTP v1) to app and browser device tokens. */
export class FcmProvider implements Provider {
  readonly type = 'fcm';
  readonly channel = 'push';

  constructor(
    readonly id: string,
    private readonly client: FcmClient,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const notification = pushNotification(message);
    requireTarget(notification, 'fcm', this.type);
    const result = await this.client.send(fcmMessage(notification));
    if (!result.ok) throw fcmProviderError(result.failure);
    return { providerMessageId: result.name, status: 'SENT' };
  }
}
