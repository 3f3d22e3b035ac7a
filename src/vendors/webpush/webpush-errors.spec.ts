import { ProviderError } from '../../contract/provider';
import {
  WEB_PUSH_STATUSES,
  type WebPushFailure,
  webPushFailureMeaning,
  webPushProviderError,
} from './webpush-errors';
import type { ErrorCategory } from '../../contract/error-category';

const answer = (status: number, body = ''): WebPushFailure => ({ kind: 'status', status, body });

describe('Web Push status table', () => {
  it.each<[number, ErrorCategory, RegExp]>([
    [400, 'CONTENT_REJECTED', /refused the request as malformed/],
    [401, 'CONTENT_REJECTED', /refused the VAPID credentials/],
    [403, 'CONTENT_REJECTED', /another application server key/],
    [404, 'INVALID_RECIPIENT', /subscription is gone: the push service does not know it/],
    [410, 'INVALID_RECIPIENT', /subscription is gone: it expired or the user unsubscribed/],
    [413, 'CONTENT_REJECTED', /larger than the push service takes/],
    [429, 'RATE_LIMITED', /asks to slow down/],
  ])('maps HTTP %i to %s', (status, category, reason) => {
    const meaning = webPushFailureMeaning(answer(status));
    expect(meaning.category).toBe(category);
    expect(meaning.reason).toMatch(reason);
    expect(meaning.reason).toContain(`HTTP ${status}`);
  });

  it('has a test row for every entry of the table', () => {
    expect(Object.keys(WEB_PUSH_STATUSES).map(Number)).toEqual([400, 401, 403, 404, 410, 413, 429]);
  });

  it.each([500, 502, 503, 504])('retries the server error %i as an outage', (status) => {
    expect(webPushFailureMeaning(answer(status)).category).toBe('PROVIDER_OUTAGE');
  });

  it('takes another 4xx as a final refusal of the message', () => {
    expect(webPushFailureMeaning(answer(422)).category).toBe('CONTENT_REJECTED');
  });

  it('takes an answer outside 2xx–5xx (a redirect, which is not followed) as an outage', () => {
    expect(webPushFailureMeaning(answer(301)).category).toBe('PROVIDER_OUTAGE');
  });

  it("quotes the push service's answer on one short line", () => {
    const meaning = webPushFailureMeaning(
      answer(410, `push subscription\nhas unsubscribed ${'x'.repeat(500)}`),
    );
    expect(meaning.reason).toContain('HTTP 410: push subscription has unsubscribed');
    expect(meaning.reason.length).toBeLessThan(320);
  });

  it.each<[WebPushFailure, ErrorCategory, RegExp]>([
    [
      { kind: 'network', message: 'ECONNREFUSED' },
      'PROVIDER_OUTAGE',
      /could not reach.*ECONNREFUSED/,
    ],
    [{ kind: 'timeout', message: 'no answer within 5 ms' }, 'TIMEOUT', /did not answer/],
    [
      { kind: 'refused', message: 'The subscription p256dh value should be 65 bytes long.' },
      'INVALID_RECIPIENT',
      /subscription cannot be sent to/,
    ],
  ])('maps a %j failure', (failure, category, reason) => {
    const meaning = webPushFailureMeaning(failure);
    expect(meaning.category).toBe(category);
    expect(meaning.reason).toMatch(reason);
  });

  it('makes a ProviderError of the category', () => {
    const error = webPushProviderError(answer(410));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.category).toBe('INVALID_RECIPIENT');
  });
});
