import { type PushContent, type PushTarget, readPushContent } from './push.content';
import { type OutboundMessage, ProviderError } from '../provider';

/** A push message as the providers send it: its content, where it goes and its id. */
export interface PushNotification extends PushContent {
  readonly messageId: string;
  /** The subscription endpoint or the device token. */
  readonly to: string;
  readonly data: Readonly<Record<string, string>>;
}

/**
 * The push message to send, its content read with `readPushContent`; a message this build
 * cannot read is refused as content, not retried.
 */
export function pushNotification(message: OutboundMessage): PushNotification {
  const to = message.to.at(0);
  const content = readPushContent(message.content);
  if (!to || content === undefined) {
    throw new ProviderError('CONTENT_REJECTED', 'the message is not a readable push message');
  }
  return { ...content, messageId: message.id, to, data: content.data ?? {} };
}

/** A provider given the other kind of push target fails over: it is a chain set up wrongly. */
export function requireTarget(
  notification: PushNotification,
  target: PushTarget,
  providerType: string,
): void {
  if (notification.target === target) return;
  throw new ProviderError(
    'CONFIGURATION_ERROR',
    `provider type ${providerType} cannot send to ${notification.target === 'fcm' ? 'an FCM device token' : 'a Web Push subscription'}`,
  );
}
