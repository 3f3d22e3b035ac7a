import type { KeysetPage } from '../common/database/keyset';
import type { PhoneNumberCheck } from '../common/config/environment';

export const API_KEY_SCOPES = [
  'messages:send',
  'messages:read',
  'templates:write',
  'broadcast',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A tenant: every message, template and key belongs to one app. */
export interface App {
  readonly id: string;
  readonly name: string;
  /** Overrides the service-wide `RATE_LIMIT_PER_MINUTE` for this app's keys. */
  readonly rateLimitPerMinute?: number;
  /** Overrides the service-wide `PHONE_NUMBER_CHECK` for this app's sends. */
  readonly phoneNumberCheck?: PhoneNumberCheck;
  /** Signs this app's status callbacks (HMAC-SHA256); shown to admins only. */
  readonly callbackSecret: string;
  readonly createdAt: Date;
}

/** A stored API key: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly appId: string;
  readonly name?: string;
  /** The readable, non-secret start of the key, also its lookup handle (`sb_3f9a1c0b7d2e`). */
  readonly prefix: string;
  readonly hash: Buffer;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: Date;
  readonly revokedAt?: Date;
  readonly lastUsedAt?: Date;
}

/** In id order; `next` is the last item's id when more may follow. */
export type Page<T> = KeysetPage<T, string>;
