import type { PushContent, PushTarget, WebPushKeys } from './push.content';
import { type OutboundMessage, ProviderError } from '../provider';

/** A push message as the providers send it, read back from the stored content. */
export interface PushNotification {
  readonly messageId: string;
  readonly target: PushTarget;
  /** The subscription endpoint or the device token. */
  readonly to: string;
  readonly keys?: WebPushKeys;
  readonly title?: string;
  readonly body: string;
  readonly data: Readonly<Record<string, string>>;
  readonly url?: string;
}

type StoredContent = Partial<Record<keyof PushContent, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function keysOf(value: unknown): WebPushKeys | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { p256dh, auth } = value as Partial<Record<keyof WebPushKeys, unknown>>;
  const publicKey = text(p256dh);
  const secret = text(auth);
  return publicKey && secret ? { p256dh: publicKey, auth: secret } : undefined;
}

/**
 * Reads the content with checks rather than trusting it, since the store holds plain data; a
 * message this build cannot read is refused as content, not retried.
 */
export function pushNotification(message: OutboundMessage): PushNotification {
  const content = message.content as StoredContent;
  const to = message.to.at(0);
  const body = text(content.body);
  const target = content.target;
  if (!to || body === undefined || (target !== 'webpush' && target !== 'fcm')) {
    throw new ProviderError('CONTENT_REJECTED', 'the message is not a readable push message');
  }
  const keys = keysOf(content.keys);
  const title = text(content.title);
  const url = text(content.url);
  return {
    messageId: message.id,
    target,
    to,
    body,
    data: stringMap(content.data),
    ...(keys ? { keys } : {}),
    ...(title === undefined ? {} : { title }),
    ...(url === undefined ? {} : { url }),
  };
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
