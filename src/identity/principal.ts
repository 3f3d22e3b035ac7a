import type { PhoneNumberCheck } from '../common/config/environment';
import type { ApiKeyScope } from './app.model';

/**
 * `admin` manages and may do everything; `viewer` reads; `sender` sends (and broadcasts) for
 * front ends that send but do not manage.
 */
export const ROLES = ['admin', 'viewer', 'sender'] as const;
export type Role = (typeof ROLES)[number];

/** A service calling with one of its app's keys. */
export interface ApiKeyPrincipal {
  readonly kind: 'apiKey';
  readonly appId: string;
  readonly appName: string;
  readonly keyId: string;
  readonly scopes: readonly ApiKeyScope[];
  /** The app's own budget; absent when the service default applies. */
  readonly rateLimitPerMinute?: number;
  /** The app's own phone number check; absent when the service default applies. */
  readonly phoneNumberCheck?: PhoneNumberCheck;
}

/** A person (or tool) with a verified token from the identity provider. */
export interface JwtPrincipal {
  readonly kind: 'jwt';
  readonly subject: string;
  readonly roles: readonly Role[];
}

export type Principal = ApiKeyPrincipal | JwtPrincipal;

declare module 'http' {
  interface IncomingMessage {
    /** Set by the auth guard on routes that require credentials. */
    principal?: Principal;
  }
}
