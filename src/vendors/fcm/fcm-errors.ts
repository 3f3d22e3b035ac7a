import { ProviderError } from '../../contract/provider';
import type { ErrorCategory } from '../../contract/error-category';

/** Why an FCM send failed, in plain terms; never carries the key or a token. */
export type FcmFailure =
  /** The OAuth token endpoint refused the assertion or failed. */
  | {
      readonly kind: 'token';
      readonly status: number;
      /** The OAuth error code (`invalid_grant` ...), when the answer had one. */
      readonly error?: string;
      readonly message: string;
    }
  /** The v1 send endpoint answered with an error. */
  | {
      readonly kind: 'send';
      readonly status: number;
      /** Google's status name (`INVALID_ARGUMENT`, `NOT_FOUND` ...). */
      readonly googleStatus?: string;
      /** FCM's own code from the error details (`UNREGISTERED` ...). */
      readonly fcmErrorCode?: string;
      /** Whether the error is about `message.token` (a field violation names it). */
      readonly aboutToken: boolean;
      readonly message: string;
    }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string };

export interface FcmErrorMeaning {
  readonly category: ErrorCategory;
  readonly reason: string;
}

/**
 * FCM's error codes (FcmError details of the v1 API), looked up first since they say the most.
 * https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode
 */
export const FCM_ERROR_CODES: Readonly<Partial<Record<string, FcmErrorMeaning>>> = {
  UNREGISTERED: {
    category: 'INVALID_RECIPIENT',
    reason:
      'the device token is no longer registered (the app was uninstalled or the token expired)',
  },
  SENDER_ID_MISMATCH: {
    category: 'INVALID_RECIPIENT',
    reason: 'the device token belongs to another Firebase project',
  },
  INVALID_ARGUMENT: { category: 'CONTENT_REJECTED', reason: 'FCM refused the message as invalid' },
  QUOTA_EXCEEDED: { category: 'RATE_LIMITED', reason: 'the FCM sending quota is exceeded' },
  UNAVAILABLE: { category: 'PROVIDER_OUTAGE', reason: 'FCM is unavailable' },
  INTERNAL: { category: 'PROVIDER_OUTAGE', reason: 'FCM had an internal error' },
  THIRD_PARTY_AUTH_ERROR: {
    category: 'AUTH_ERROR',
    reason:
      'FCM could not authenticate with APNs or the web push service (check the credentials in Firebase)',
  },
};

/** Google API status names (google.rpc.Code), for answers without an FCM code. */
export const GOOGLE_STATUSES: Readonly<Partial<Record<string, FcmErrorMeaning>>> = {
  INVALID_ARGUMENT: { category: 'CONTENT_REJECTED', reason: 'FCM refused the message as invalid' },
  NOT_FOUND: { category: 'INVALID_RECIPIENT', reason: 'FCM does not know the device token' },
  UNAUTHENTICATED: { category: 'AUTH_ERROR', reason: 'FCM refused the access token' },
  PERMISSION_DENIED: {
    category: 'AUTH_ERROR',
    reason: 'the service account may not send with this Firebase project',
  },
  RESOURCE_EXHAUSTED: { category: 'RATE_LIMITED', reason: 'the FCM sending quota is exceeded' },
  UNAVAILABLE: { category: 'PROVIDER_OUTAGE', reason: 'FCM is unavailable' },
  INTERNAL: { category: 'PROVIDER_OUTAGE', reason: 'FCM had an internal error' },
};

/** HTTP statuses, for answers that carry neither. */
export const FCM_HTTP_STATUSES: Readonly<Partial<Record<number, FcmErrorMeaning>>> = {
  400: { category: 'CONTENT_REJECTED', reason: 'FCM refused the message as invalid' },
  401: { category: 'AUTH_ERROR', reason: 'FCM refused the access token' },
  403: {
    category: 'AUTH_ERROR',
    reason: 'the service account may not send with this Firebase project',
  },
  404: { category: 'INVALID_RECIPIENT', reason: 'FCM does not know the device token' },
  429: { category: 'RATE_LIMITED', reason: 'the FCM sending quota is exceeded' },
};

const INVALID_TOKEN: FcmErrorMeaning = {
  category: 'INVALID_RECIPIENT',
  reason: 'FCM refused the device token as invalid',
};

function sendMeaning(failure: Extract<FcmFailure, { kind: 'send' }>): FcmErrorMeaning {
  const meaning =
    (failure.fcmErrorCode === undefined ? undefined : FCM_ERROR_CODES[failure.fcmErrorCode]) ??
    (failure.googleStatus === undefined ? undefined : GOOGLE_STATUSES[failure.googleStatus]) ??
    FCM_HTTP_STATUSES[failure.status];
  if (meaning?.category === 'CONTENT_REJECTED' && failure.aboutToken) return INVALID_TOKEN;
  if (meaning) return meaning;
  if (failure.status >= 500) return { category: 'PROVIDER_OUTAGE', reason: 'FCM failed' };
  return { category: 'CONFIGURATION_ERROR', reason: 'FCM gave an unexpected answer' };
}

/** The token endpoint: a refusal is about the key (fail over); overload and failures retry. */
function tokenMeaning(failure: Extract<FcmFailure, { kind: 'token' }>): FcmErrorMeaning {
  if (failure.status === 429)
    return { category: 'RATE_LIMITED', reason: 'the OAuth token endpoint asks to slow down' };
  if (failure.status >= 500 || failure.status === 0)
    return { category: 'PROVIDER_OUTAGE', reason: 'the OAuth token endpoint failed' };
  return {
    category: 'AUTH_ERROR',
    reason: `the OAuth token endpoint refused the service account${failure.error ? ` (${failure.error})` : ''}`,
  };
}

/** A failed send in the gateway's terms: category and a message safe to record. */
export function fcmFailureMeaning(failure: FcmFailure): FcmErrorMeaning {
  switch (failure.kind) {
    case 'send': {
      const { category, reason } = sendMeaning(failure);
      return { category, reason: `${reason} (HTTP ${failure.status}: ${failure.message})` };
    }
    case 'token': {
      const { category, reason } = tokenMeaning(failure);
      return { category, reason: `${reason} (HTTP ${failure.status}: ${failure.message})` };
    }
    case 'network':
      return { category: 'PROVIDER_OUTAGE', reason: `could not reach FCM: ${failure.message}` };
    case 'timeout':
      return { category: 'TIMEOUT', reason: `FCM did not answer: ${failure.message}` };
  }
}

export function fcmProviderError(failure: FcmFailure): ProviderError {
  const { category, reason } = fcmFailureMeaning(failure);
  return new ProviderError(category, reason);
}
