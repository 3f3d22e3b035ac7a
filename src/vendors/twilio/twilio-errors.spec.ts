import { ProviderError } from '../../contract/provider';
import {
  TWILIO_ERROR_CODES,
  twilioErrorCode,
  twilioFailureMeaning,
  twilioProviderError,
} from './twilio-errors';
import type { TwilioFailure } from './twilio.client';
import type { ErrorCategory } from '../../contract/error-category';

/** A Twilio API error as the client describes it. */
const apiError = (
  code: number,
  httpStatus = 400,
  message = 'as Twilio words it',
): TwilioFailure => ({
  kind: 'http',
  httpStatus,
  code,
  message,
});

describe('Twilio error table', () => {
  it.each<[number, number, ErrorCategory, RegExp]>([
    [20003, 401, 'AUTH_ERROR', /account SID and auth token/],
    [20404, 404, 'CONFIGURATION_ERROR', /does not know the resource/],
    [20429, 429, 'RATE_LIMITED', /too many concurrent requests/],
    [20500, 500, 'PROVIDER_OUTAGE', /internal error/],
    [20503, 503, 'PROVIDER_OUTAGE', /temporarily unavailable/],
    [21211, 400, 'INVALID_RECIPIENT', /not a valid phone number/],
    [21212, 400, 'CONFIGURATION_ERROR', /From number is not valid/],
    [21214, 400, 'INVALID_RECIPIENT', /cannot be reached/],
    [21408, 400, 'CONFIGURATION_ERROR', /geographic permissions/],
    [21606, 400, 'CONFIGURATION_ERROR', /not a message-capable number/],
    [21610, 400, 'INVALID_RECIPIENT', /unsubscribed .*reply START/],
    [21611, 400, 'RATE_LIMITED', /too many messages queued/],
    [21612, 400, 'CONFIGURATION_ERROR', /cannot route/],
    [21614, 400, 'INVALID_RECIPIENT', /not a mobile number/],
    [21617, 400, 'CONTENT_REJECTED', /longer than Twilio accepts/],
    [30001, 400, 'RATE_LIMITED', /queue .*overflowed/],
    [30002, 400, 'AUTH_ERROR', /suspended/],
    [30003, 400, 'INVALID_RECIPIENT', /unreachable/],
    [30004, 400, 'INVALID_RECIPIENT', /blocked/],
    [30005, 400, 'INVALID_RECIPIENT', /unknown or no longer exists/],
    [30006, 400, 'INVALID_RECIPIENT', /landline/],
    [30007, 400, 'CONTENT_REJECTED', /filtered/],
    [30008, 400, 'PROVIDER_OUTAGE', /unknown error/],
    [63007, 400, 'CONFIGURATION_ERROR', /no WhatsApp sender/],
    [63016, 400, 'CONTENT_REJECTED', /24-hour session window.*send a `template`/],
  ])('maps code %i (HTTP %i) to %s', (code, httpStatus, category, reason) => {
    const meaning = twilioFailureMeaning(apiError(code, httpStatus));
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
    expect(meaning.message).toContain(`(Twilio ${code}: as Twilio words it)`);
  });

  it('has a test row for every code it maps', () => {
    expect(Object.keys(TWILIO_ERROR_CODES)).toHaveLength(25);
  });

  it('lets a known code win over the HTTP status', () => {
    expect(twilioFailureMeaning(apiError(20003, 500)).category).toBe('AUTH_ERROR');
  });

  it('looks codes up for status callbacks, and knows nothing of unknown ones', () => {
    expect(twilioErrorCode(30003)?.category).toBe('INVALID_RECIPIENT');
    expect(twilioErrorCode(99999)).toBeUndefined();
  });
});

describe('Twilio failures without a known code', () => {
  it.each<[string, TwilioFailure, ErrorCategory, string]>([
    [
      'HTTP 500',
      { kind: 'http', httpStatus: 500, message: '' },
      'PROVIDER_OUTAGE',
      'Twilio had a server error (Twilio HTTP 500)',
    ],
    [
      'HTTP 503',
      { kind: 'http', httpStatus: 503, message: 'down' },
      'PROVIDER_OUTAGE',
      'Twilio had a server error (Twilio HTTP 503: down)',
    ],
    [
      'HTTP 502 with an unknown code',
      { kind: 'http', httpStatus: 502, code: 99999, message: '' },
      'PROVIDER_OUTAGE',
      'Twilio had a server error (Twilio 99999)',
    ],
    [
      'HTTP 401',
      { kind: 'http', httpStatus: 401, message: '' },
      'AUTH_ERROR',
      'Twilio refused the credentials (Twilio HTTP 401)',
    ],
    [
      'HTTP 403',
      { kind: 'http', httpStatus: 403, message: '' },
      'AUTH_ERROR',
      'Twilio refused the credentials (Twilio HTTP 403)',
    ],
    [
      'HTTP 404',
      { kind: 'http', httpStatus: 404, message: '' },
      'CONFIGURATION_ERROR',
      'Twilio does not know the resource (check the account SID and the API base URL) (Twilio HTTP 404)',
    ],
    [
      'HTTP 429',
      { kind: 'http', httpStatus: 429, message: '' },
      'RATE_LIMITED',
      'Twilio is limiting requests (Twilio HTTP 429)',
    ],
    [
      'HTTP 400 with an unknown code',
      { kind: 'http', httpStatus: 400, code: 21999, message: 'no idea' },
      'CONTENT_REJECTED',
      'Twilio refused the request (Twilio 21999: no idea)',
    ],
    [
      'HTTP 422 (a request outside the API contract)',
      { kind: 'http', httpStatus: 422, message: '' },
      'CONTENT_REJECTED',
      'Twilio refused the request (Twilio HTTP 422)',
    ],
    [
      'an unexpected redirect',
      { kind: 'http', httpStatus: 302, message: '' },
      'PROVIDER_OUTAGE',
      'Twilio answered unexpectedly (Twilio HTTP 302)',
    ],
    [
      'a network error',
      { kind: 'network', message: 'ECONNRESET: socket hang up' },
      'PROVIDER_OUTAGE',
      'could not reach Twilio: ECONNRESET: socket hang up',
    ],
    [
      'a timeout',
      { kind: 'timeout', message: 'no answer within 500 ms' },
      'TIMEOUT',
      'Twilio did not answer: no answer within 500 ms',
    ],
    [
      'a request the SDK refused before sending',
      { kind: 'refused', message: 'Required parameter "params[\'to\']" missing.' },
      'CONFIGURATION_ERROR',
      'the Twilio SDK refused the request: Required parameter "params[\'to\']" missing.',
    ],
  ])('maps %s', (_case, failure, category, message) => {
    expect(twilioFailureMeaning(failure)).toEqual({ category, message });
  });

  it('becomes a ProviderError of the category', () => {
    const error = twilioProviderError(apiError(21610));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.category).toBe('INVALID_RECIPIENT');
    expect(error.message).toMatch(/unsubscribed/);
  });
});
