import { ProviderError } from '../../contract/provider';
import {
  FCM_ERROR_CODES,
  FCM_HTTP_STATUSES,
  type FcmFailure,
  fcmFailureMeaning,
  fcmProviderError,
  GOOGLE_STATUSES,
} from './fcm-errors';
import type { ErrorCategory } from '../../contract/error-category';

const sent = (
  status: number,
  fields: { googleStatus?: string; fcmErrorCode?: string; aboutToken?: boolean } = {},
): FcmFailure => ({
  kind: 'send',
  status,
  aboutToken: fields.aboutToken ?? false,
  message: 'as FCM words it',
  ...(fields.googleStatus === undefined ? {} : { googleStatus: fields.googleStatus }),
  ...(fields.fcmErrorCode === undefined ? {} : { fcmErrorCode: fields.fcmErrorCode }),
});

describe('FCM error tables', () => {
  it.each<[string, number, string, ErrorCategory, RegExp]>([
    ['UNREGISTERED', 404, 'NOT_FOUND', 'INVALID_RECIPIENT', /no longer registered/],
    [
      'SENDER_ID_MISMATCH',
      403,
      'PERMISSION_DENIED',
      'INVALID_RECIPIENT',
      /another Firebase project/,
    ],
    [
      'INVALID_ARGUMENT',
      400,
      'INVALID_ARGUMENT',
      'CONTENT_REJECTED',
      /refused the message as invalid/,
    ],
    ['QUOTA_EXCEEDED', 429, 'RESOURCE_EXHAUSTED', 'RATE_LIMITED', /quota is exceeded/],
    ['UNAVAILABLE', 503, 'UNAVAILABLE', 'PROVIDER_OUTAGE', /FCM is unavailable/],
    ['INTERNAL', 500, 'INTERNAL', 'PROVIDER_OUTAGE', /internal error/],
    [
      'THIRD_PARTY_AUTH_ERROR',
      401,
      'UNAUTHENTICATED',
      'AUTH_ERROR',
      /APNs or the web push service/,
    ],
  ])('maps the FCM code %s (HTTP %i, %s) to %s', (code, status, googleStatus, category, reason) => {
    const meaning = fcmFailureMeaning(sent(status, { googleStatus, fcmErrorCode: code }));
    expect(meaning.category).toBe(category);
    expect(meaning.reason).toMatch(reason);
    expect(meaning.reason).toContain(`HTTP ${status}: as FCM words it`);
  });

  it.each<[string, number, ErrorCategory]>([
    ['INVALID_ARGUMENT', 400, 'CONTENT_REJECTED'],
    ['NOT_FOUND', 404, 'INVALID_RECIPIENT'],
    ['UNAUTHENTICATED', 401, 'AUTH_ERROR'],
    ['PERMISSION_DENIED', 403, 'AUTH_ERROR'],
    ['RESOURCE_EXHAUSTED', 429, 'RATE_LIMITED'],
    ['UNAVAILABLE', 503, 'PROVIDER_OUTAGE'],
    ['INTERNAL', 500, 'PROVIDER_OUTAGE'],
  ])('maps the Google status %s without an FCM code to %s', (googleStatus, status, category) => {
    expect(fcmFailureMeaning(sent(status, { googleStatus })).category).toBe(category);
  });

  it.each<[number, ErrorCategory]>([
    [400, 'CONTENT_REJECTED'],
    [401, 'AUTH_ERROR'],
    [403, 'AUTH_ERROR'],
    [404, 'INVALID_RECIPIENT'],
    [429, 'RATE_LIMITED'],
    [500, 'PROVIDER_OUTAGE'],
    [502, 'PROVIDER_OUTAGE'],
    [418, 'CONFIGURATION_ERROR'],
  ])('maps a bare HTTP %i to %s', (status, category) => {
    expect(fcmFailureMeaning(sent(status)).category).toBe(category);
  });

  it('has a test row for every entry of the tables', () => {
    expect(Object.keys(FCM_ERROR_CODES)).toHaveLength(7);
    expect(Object.keys(GOOGLE_STATUSES)).toHaveLength(7);
    expect(Object.keys(FCM_HTTP_STATUSES)).toHaveLength(5);
  });

  it('takes INVALID_ARGUMENT about message.token as a bad recipient, not bad content', () => {
    const failure = sent(400, { fcmErrorCode: 'INVALID_ARGUMENT', aboutToken: true });
    const meaning = fcmFailureMeaning(failure);
    expect(meaning.category).toBe('INVALID_RECIPIENT');
    expect(meaning.reason).toMatch(/refused the device token/);
  });

  it('lets the FCM code win over the Google status', () => {
    const failure = sent(404, { googleStatus: 'NOT_FOUND', fcmErrorCode: 'INTERNAL' });
    expect(fcmFailureMeaning(failure).category).toBe('PROVIDER_OUTAGE');
  });

  it.each<[FcmFailure, ErrorCategory, RegExp]>([
    [
      { kind: 'token', status: 400, error: 'invalid_grant', message: 'Invalid JWT Signature.' },
      'AUTH_ERROR',
      /refused the service account \(invalid_grant\).*Invalid JWT Signature/,
    ],
    [{ kind: 'token', status: 401, message: 'no' }, 'AUTH_ERROR', /refused the service account/],
    [{ kind: 'token', status: 429, message: 'slow' }, 'RATE_LIMITED', /asks to slow down/],
    [{ kind: 'token', status: 503, message: 'down' }, 'PROVIDER_OUTAGE', /token endpoint failed/],
    [{ kind: 'network', message: 'ECONNREFUSED' }, 'PROVIDER_OUTAGE', /could not reach FCM/],
    [{ kind: 'timeout', message: 'no answer within 10 ms' }, 'TIMEOUT', /did not answer/],
  ])('maps %j', (failure, category, reason) => {
    const meaning = fcmFailureMeaning(failure);
    expect(meaning.category).toBe(category);
    expect(meaning.reason).toMatch(reason);
  });

  it('makes a ProviderError of the category', () => {
    const error = fcmProviderError(sent(404, { fcmErrorCode: 'UNREGISTERED' }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.category).toBe('INVALID_RECIPIENT');
  });
});
