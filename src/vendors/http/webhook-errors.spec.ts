import { isDelivered, webhookFailureMeaning } from './webhook-errors';
import type { WebhookOutcome } from './webhook.client';
import type { ErrorCategory } from '../../contract/error-category';

const answered = (status: number): WebhookOutcome => ({ kind: 'answered', status });

describe('webhook error table', () => {
  it.each([200, 201, 202, 204, 299])('counts HTTP %i as delivered', (status) => {
    expect(isDelivered(answered(status))).toBe(true);
  });

  it.each([
    [answered(100), false],
    [answered(301), false],
    [answered(500), false],
    [{ kind: 'timeout', timeoutMs: 10 } as const, false],
  ])('does not count %j as delivered', (outcome, delivered) => {
    expect(isDelivered(outcome)).toBe(delivered);
  });

  it.each<[string, WebhookOutcome, ErrorCategory, RegExp]>([
    ['400', answered(400), 'CONTENT_REJECTED', /^the receiver refused the request \(HTTP 400\)$/],
    ['401', answered(401), 'CONTENT_REJECTED', /HTTP 401/],
    ['403', answered(403), 'CONTENT_REJECTED', /HTTP 403/],
    ['422', answered(422), 'CONTENT_REJECTED', /HTTP 422/],
    ['404', answered(404), 'INVALID_RECIPIENT', /no endpoint at this URL \(HTTP 404\)/],
    ['410', answered(410), 'INVALID_RECIPIENT', /endpoint is gone \(HTTP 410\)/],
    ['408', answered(408), 'TIMEOUT', /timed out reading the request \(HTTP 408\)/],
    ['429', answered(429), 'RATE_LIMITED', /asks to slow down \(HTTP 429\)/],
    ['301', answered(301), 'INVALID_RECIPIENT', /redirects, which is not followed \(HTTP 301\)/],
    ['307', answered(307), 'INVALID_RECIPIENT', /HTTP 307/],
    ['500', answered(500), 'PROVIDER_OUTAGE', /^the receiver failed \(HTTP 500\)$/],
    ['502', answered(502), 'PROVIDER_OUTAGE', /HTTP 502/],
    ['503', answered(503), 'PROVIDER_OUTAGE', /HTTP 503/],
    ['an informational status', answered(101), 'PROVIDER_OUTAGE', /HTTP 101/],
    ['a timeout', { kind: 'timeout', timeoutMs: 250 }, 'TIMEOUT', /did not answer within 250 ms/],
    [
      'a refused connection',
      { kind: 'network', code: 'ECONNREFUSED' },
      'PROVIDER_OUTAGE',
      /could not reach the receiver \(ECONNREFUSED\)/,
    ],
    [
      'a reset connection',
      { kind: 'network', code: 'ECONNRESET' },
      'PROVIDER_OUTAGE',
      /ECONNRESET/,
    ],
    [
      'a host that does not resolve',
      { kind: 'unresolved', reason: 'could not resolve the host (ENOTFOUND)' },
      'PROVIDER_OUTAGE',
      /^the URL could not resolve the host \(ENOTFOUND\)$/,
    ],
    [
      'a host that now resolves to a private address',
      { kind: 'refused', reason: 'resolves to a private or reserved address' },
      'INVALID_RECIPIENT',
      /^refused: the URL resolves to a private or reserved address$/,
    ],
  ])('maps %s to %s', (_name, outcome, category, message) => {
    const meaning = webhookFailureMeaning(outcome);

    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(message);
  });
});
