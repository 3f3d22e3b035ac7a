import { ProviderError } from '../../contract/provider';
import type { WebhookOutcome } from './webhook.client';
import type { ErrorCategory } from '../../contract/error-category';

/** What a receiver's answer means for the message. */
export interface WebhookErrorMeaning {
  readonly category: ErrorCategory;
  readonly reason: string;
}

/**
 * Answers with a meaning of their own. 408 and 429 ask to come back later (transient); 404 and
 * 410 say nothing receives at that URL, which is the recipient's address, so the message is
 * UNDELIVERABLE; any other 4xx refuses this message (FAILED). Neither is retried.
 */
export const WEBHOOK_STATUS_CODES: Readonly<Partial<Record<number, WebhookErrorMeaning>>> = {
  404: { category: 'INVALID_RECIPIENT', reason: 'the receiver has no endpoint at this URL' },
  408: { category: 'TIMEOUT', reason: 'the receiver timed out reading the request' },
  410: { category: 'INVALID_RECIPIENT', reason: 'the receiver says the endpoint is gone' },
  429: { category: 'RATE_LIMITED', reason: 'the receiver asks to slow down' },
};

function statusMeaning(status: number): WebhookErrorMeaning {
  const known = WEBHOOK_STATUS_CODES[status];
  if (known) return known;
  if (status >= 300 && status < 400) {
    // Following a redirect would bypass the address check; the caller must give the final URL.
    return {
      category: 'INVALID_RECIPIENT',
      reason: 'the receiver redirects, which is not followed',
    };
  }
  if (status >= 400 && status < 500) {
    return { category: 'CONTENT_REJECTED', reason: 'the receiver refused the request' };
  }
  return { category: 'PROVIDER_OUTAGE', reason: 'the receiver failed' };
}

/** A failed post in the gateway's terms; messages never carry the URL's path or the address. */
export function webhookFailureMeaning(outcome: WebhookOutcome): {
  readonly category: ErrorCategory;
  readonly message: string;
} {
  switch (outcome.kind) {
    case 'answered': {
      const { category, reason } = statusMeaning(outcome.status);
      return { category, message: `${reason} (HTTP ${outcome.status})` };
    }
    case 'timeout':
      return {
        category: 'TIMEOUT',
        message: `the receiver did not answer within ${outcome.timeoutMs} ms`,
      };
    case 'network':
      return {
        category: 'PROVIDER_OUTAGE',
        message: `could not reach the receiver (${outcome.code})`,
      };
    case 'unresolved':
      return { category: 'PROVIDER_OUTAGE', message: `the URL ${outcome.reason}` };
    case 'refused':
      return { category: 'INVALID_RECIPIENT', message: `refused: the URL ${outcome.reason}` };
  }
}

export const isDelivered = (
  outcome: WebhookOutcome,
): outcome is { readonly kind: 'answered'; readonly status: number } =>
  outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300;

export function webhookProviderError(outcome: WebhookOutcome): ProviderError {
  const { category, message } = webhookFailureMeaning(outcome);
  return new ProviderError(category, message);
}
