import { ProviderError } from '../../contract/provider';
import type { TwilioFailure } from './twilio.client';
import type { ErrorCategory } from '../../contract/error-category';

/** A Twilio error code on the gateway's categories, and what it means for the caller. */
export interface TwilioErrorMeaning {
  readonly category: ErrorCategory;
  readonly reason: string;
}

/**
 * The one table of Twilio error codes (https://www.twilio.com/docs/api/errors). Transient
 * categories retry then fail over, AUTH_ERROR and CONFIGURATION_ERROR fail over at once (another
 * account or number may succeed), INVALID_RECIPIENT and CONTENT_REJECTED are final.
 */
export const TWILIO_ERROR_CODES: Readonly<Record<number, TwilioErrorMeaning>> = {
  20003: { category: 'AUTH_ERROR', reason: 'Twilio refused the account SID and auth token' },
  20404: {
    category: 'CONFIGURATION_ERROR',
    reason: 'Twilio does not know the resource (check the account SID and the API base URL)',
  },
  20429: { category: 'RATE_LIMITED', reason: 'too many concurrent requests to Twilio' },
  20500: { category: 'PROVIDER_OUTAGE', reason: 'Twilio had an internal error' },
  20503: { category: 'PROVIDER_OUTAGE', reason: 'Twilio is temporarily unavailable' },
  21211: { category: 'INVALID_RECIPIENT', reason: 'the To number is not a valid phone number' },
  21212: { category: 'CONFIGURATION_ERROR', reason: 'the From number is not valid' },
  21214: { category: 'INVALID_RECIPIENT', reason: 'the To number cannot be reached' },
  21408: {
    category: 'CONFIGURATION_ERROR',
    reason: "the account's geographic permissions do not allow the To number's region",
  },
  21606: {
    category: 'CONFIGURATION_ERROR',
    reason: 'the From number is not a message-capable number of this account',
  },
  21610: {
    category: 'INVALID_RECIPIENT',
    reason: 'the recipient has unsubscribed (replied STOP); they must reply START first',
  },
  21611: {
    category: 'RATE_LIMITED',
    reason: 'the sender has too many messages queued at Twilio',
  },
  21612: {
    category: 'CONFIGURATION_ERROR',
    reason: 'Twilio cannot route from this sender to the To number',
  },
  21614: { category: 'INVALID_RECIPIENT', reason: 'the To number is not a mobile number' },
  21617: { category: 'CONTENT_REJECTED', reason: 'the body is longer than Twilio accepts' },
  30001: { category: 'RATE_LIMITED', reason: "the sender's queue at Twilio overflowed" },
  30002: { category: 'AUTH_ERROR', reason: 'the Twilio account is suspended' },
  30003: { category: 'INVALID_RECIPIENT', reason: 'the destination handset is unreachable' },
  30004: {
    category: 'INVALID_RECIPIENT',
    reason: 'the message was blocked by the recipient or their carrier',
  },
  30005: {
    category: 'INVALID_RECIPIENT',
    reason: 'the destination number is unknown or no longer exists',
  },
  30006: {
    category: 'INVALID_RECIPIENT',
    reason: 'the destination is a landline or its carrier is unreachable',
  },
  30007: {
    category: 'CONTENT_REJECTED',
    reason: 'the carrier filtered the message as spam or against its content rules',
  },
  30008: { category: 'PROVIDER_OUTAGE', reason: 'the carrier reported an unknown error' },
  63007: {
    category: 'CONFIGURATION_ERROR',
    reason: 'Twilio has no WhatsApp sender for the From address',
  },
  63016: {
    category: 'CONTENT_REJECTED',
    reason:
      "the recipient is outside WhatsApp's 24-hour session window, where only pre-approved templates may be sent: send a `template` (contentSid and variables) instead",
  },
};

/** An error status without a known code, by what the status says. */
function byHttpStatus(status: number): TwilioErrorMeaning {
  if (status === 401 || status === 403)
    return { category: 'AUTH_ERROR', reason: 'Twilio refused the credentials' };
  if (status === 404)
    return {
      category: 'CONFIGURATION_ERROR',
      reason: 'Twilio does not know the resource (check the account SID and the API base URL)',
    };
  if (status === 429) return { category: 'RATE_LIMITED', reason: 'Twilio is limiting requests' };
  if (status >= 500) return { category: 'PROVIDER_OUTAGE', reason: 'Twilio had a server error' };
  if (status >= 400) return { category: 'CONTENT_REJECTED', reason: 'Twilio refused the request' };
  return { category: 'PROVIDER_OUTAGE', reason: 'Twilio answered unexpectedly' };
}

/** The meaning of a Twilio error code (as in API errors and status callbacks), if known. */
export const twilioErrorCode = (code: number): TwilioErrorMeaning | undefined =>
  TWILIO_ERROR_CODES[code];

/** A failed request in the gateway's terms: category and a message safe to record. */
export function twilioFailureMeaning(failure: TwilioFailure): {
  readonly category: ErrorCategory;
  readonly message: string;
} {
  switch (failure.kind) {
    case 'timeout':
      return { category: 'TIMEOUT', message: `Twilio did not answer: ${failure.message}` };
    case 'network':
      return { category: 'PROVIDER_OUTAGE', message: `could not reach Twilio: ${failure.message}` };
    case 'refused':
      return {
        category: 'CONFIGURATION_ERROR',
        message: `the Twilio SDK refused the request: ${failure.message}`,
      };
    case 'http': {
      const known = failure.code === undefined ? undefined : twilioErrorCode(failure.code);
      const { category, reason } = known ?? byHttpStatus(failure.httpStatus);
      const source = failure.code === undefined ? `HTTP ${failure.httpStatus}` : failure.code;
      const said = failure.message ? `: ${failure.message}` : '';
      return { category, message: `${reason} (Twilio ${source}${said})` };
    }
  }
}

export function twilioProviderError(failure: TwilioFailure): ProviderError {
  const { category, message } = twilioFailureMeaning(failure);
  return new ProviderError(category, message);
}
