import { ProviderError } from '../../contract/provider';
import type { ErrorCategory } from '../../contract/error-category';

/** Why a Web Push send failed, in plain terms. */
export type WebPushFailure =
  /** The push service answered with a status other than 2xx. */
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  /** Connecting failed or the connection dropped. */
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  /** The request could not be made (the subscription's keys cannot encrypt a payload). */
  | { readonly kind: 'refused'; readonly message: string };

export interface WebPushErrorMeaning {
  readonly category: ErrorCategory;
  readonly reason: string;
}

/**
 * The one table of push service answers (RFC 8030, RFC 8292; what FCM, Mozilla autopush and
 * Apple answer). A subscription that is gone is final for the recipient; too many requests and
 * server errors retry; a request the service refuses would be refused again, so it is final.
 */
export const WEB_PUSH_STATUSES: Readonly<Partial<Record<number, WebPushErrorMeaning>>> = {
  400: {
    category: 'CONTENT_REJECTED',
    reason: 'the push service refused the request as malformed',
  },
  401: {
    category: 'CONTENT_REJECTED',
    reason:
      'the push service refused the VAPID credentials (the subscription was made with another application server key, or the keys are wrong)',
  },
  403: {
    category: 'CONTENT_REJECTED',
    reason:
      'the push service refused the VAPID credentials (the subscription was made with another application server key, or the keys are wrong)',
  },
  404: {
    category: 'INVALID_RECIPIENT',
    reason: 'the subscription is gone: the push service does not know it (404)',
  },
  410: {
    category: 'INVALID_RECIPIENT',
    reason: 'the subscription is gone: it expired or the user unsubscribed (410)',
  },
  413: {
    category: 'CONTENT_REJECTED',
    reason: 'the payload is larger than the push service takes (4 KB)',
  },
  429: { category: 'RATE_LIMITED', reason: 'the push service asks to slow down (429)' },
};

const SERVER_ERROR: WebPushErrorMeaning = {
  category: 'PROVIDER_OUTAGE',
  reason: 'the push service failed',
};
const OTHER_REFUSAL: WebPushErrorMeaning = {
  category: 'CONTENT_REJECTED',
  reason: 'the push service refused the message',
};
const UNEXPECTED: WebPushErrorMeaning = {
  category: 'PROVIDER_OUTAGE',
  reason: 'the push service gave an unexpected answer',
};

const MAX_BODY_LENGTH = 200;

function statusMeaning(status: number): WebPushErrorMeaning {
  const known = WEB_PUSH_STATUSES[status];
  if (known) return known;
  if (status >= 500) return SERVER_ERROR;
  if (status >= 400) return OTHER_REFUSAL;
  return UNEXPECTED;
}

/** A failed send in the gateway's terms: category and a message safe to record. */
export function webPushFailureMeaning(failure: WebPushFailure): WebPushErrorMeaning {
  switch (failure.kind) {
    case 'status': {
      const { category, reason } = statusMeaning(failure.status);
      const said = failure.body.replace(/\s+/g, ' ').trim().slice(0, MAX_BODY_LENGTH);
      return { category, reason: `${reason} (HTTP ${failure.status}${said ? `: ${said}` : ''})` };
    }
    case 'network':
      return {
        category: 'PROVIDER_OUTAGE',
        reason: `could not reach the push service: ${failure.message}`,
      };
    case 'timeout':
      return {
        category: 'TIMEOUT',
        reason: `the push service did not answer: ${failure.message}`,
      };
    case 'refused':
      return {
        category: 'INVALID_RECIPIENT',
        reason: `the subscription cannot be sent to: ${failure.message}`,
      };
  }
}

export function webPushProviderError(failure: WebPushFailure): ProviderError {
  const { category, reason } = webPushFailureMeaning(failure);
  return new ProviderError(category, reason);
}
