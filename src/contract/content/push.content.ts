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
