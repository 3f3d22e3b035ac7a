import { isRecord, type StoredContent, stringMap, text } from './stored-content';

/** How a push message reaches its device: a browser's Web Push subscription or an FCM token. */
export type PushTarget = 'webpush' | 'fcm';

/** The keys of a browser's push subscription (RFC 8291), base64url as the browser gives them. */
export interface WebPushKeys {
  /** The subscription's P-256 public key, 65 bytes uncompressed. */
  readonly p256dh: string;
  /** The 16-byte authentication secret. */
  readonly auth: string;
}

/**
 * What a push message stores as its content, and what push providers read. `Message.to` holds
 * the subscription endpoint (Web Push) or the device token (FCM).
 */
export interface PushContent {
  readonly target: PushTarget;
  /** Web Push only: needed to encrypt the payload for the subscription. */
  readonly keys?: WebPushKeys;
  readonly title?: string;
  readonly body: string;
  readonly data?: Readonly<Record<string, string>>;
  /** Where a click on the notification leads. */
  readonly url?: string;
}

const isTarget = (value: unknown): value is PushTarget => value === 'webpush' || value === 'fcm';

function keysOf(value: unknown): WebPushKeys | undefined {
  if (!isRecord(value)) return undefined;
  const p256dh = text(value.p256dh);
  const auth = text(value.auth);
  return p256dh && auth ? { p256dh, auth } : undefined;
}

/**
 * Reads a stored push content with checks rather than trusting it, since the store holds plain
 * data: each field is read for the type it should have, anything else counts as absent.
 * Undefined without a text body or a known target: there is nothing to send, or nowhere.
 */
export function readPushContent(content: StoredContent): PushContent | undefined {
  const { target } = content;
  const body = text(content.body);
  if (body === undefined || !isTarget(target)) return undefined;
  return {
    target,
    keys: keysOf(content.keys),
    title: text(content.title),
    body,
    data: stringMap(content.data),
    url: text(content.url),
  };
}
