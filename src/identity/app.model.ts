import type { KeysetPage } from '../common/database/keyset';
import type { PhoneNumberCheck } from '../common/config/environment';

export const API_KEY_SCOPES = [
  'messages:send',
  'messages:read',
  'templates:write',
  'broadcast',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Who an app may send as. Without any of a kind, its messages of that kind go out from the
 * providers' default senders and may not name another (`SenderPolicy`).
 */
export interface AppSenders {
  /** Email addresses (`billing@shop.example`) and whole domains (`shop.example`). */
  readonly email: readonly string[];
  /**
   * SMS, WhatsApp and voice senders: numbers in E.164, Messaging Service SIDs (`MG…`) and
   * alphanumeric sender ids.
   */
  readonly phone: readonly string[];
}

/**
 * TwiML elements an app may use in calls beyond the default ones (`Say`, `Play`, `Pause`,
 * `Gather`, `Hangup`): each can place or move calls, send messages or stream audio elsewhere.
 * `Number` comes with `Dial`, within `dialPrefixes`.
 */
export const TWIML_ALLOWANCES = [
  'Application',
  'Client',
  'Conference',
  'Connect',
  'Dial',
  'Enqueue',
  'Leave',
  'Message',
  'Pay',
  'Queue',
  'Record',
  'Redirect',
  'Refer',
  'Reject',
  'Sim',
  'Sip',
  'Siprec',
  'Sms',
  'Start',
  'Stop',
  'Stream',
  'Transcription',
  'WhatsApp',
] as const;
export type TwimlAllowance = (typeof TWIML_ALLOWANCES)[number];

/** What an app's inline TwiML and `twimlUrl` may do (`TwimlPolicy` of the voice channel). */
export interface TwimlPolicy {
  readonly allow: readonly TwimlAllowance[];
  /** E.164 prefixes (`+1415`, `+49`) of the numbers `Dial` and `Sms` may reach. */
  readonly dialPrefixes: readonly string[];
  /** Hosts URLs in TwiML (`action`, `Redirect`, callbacks) and `twimlUrl` may point at. */
  readonly urlHosts: readonly string[];
}

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
  /** Absent: none of its own. */
  readonly senders?: AppSenders;
  /** Absent: the default TwiML only. */
  readonly twimlPolicy?: TwimlPolicy;
  readonly createdAt: Date;
}

/** What admins change of an app after creating it. */
export type AppChanges = Partial<Pick<App, 'senders' | 'twimlPolicy'>>;

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
