import type { ProviderConfig, RecipientRefusal, SendSuccess } from '../contract/provider';
import { backoffMs } from './retry-policy';
import type { Route } from '../message-log/message.model';
import type { AttemptResult } from './dispatch-claims';
import type { MessageStatus } from '../contract/message-status';
import type { ErrorCategory } from '../contract/error-category';
import type { MessageEvent } from '../contract/message-event';

export type SendOutcome =
  | { readonly ok: true; readonly success: SendSuccess }
  | { readonly ok: false; readonly category: ErrorCategory; readonly message: string };

export interface AttemptContext {
  /** The provider that was tried and its place in the chain. */
  readonly config: ProviderConfig;
  readonly route: Route;
  readonly chainLength: number;
  readonly durationMs: number;
  readonly now: Date;
  readonly random?: () => number;
  /** The message's recipients when it has several (`OutboundMessage.recipients`). */
  readonly recipients?: readonly string[];
}

const TRANSIENT: readonly ErrorCategory[] = ['PROVIDER_OUTAGE', 'TIMEOUT', 'RATE_LIMITED'];
const FAIL_OVER_AT_ONCE: readonly ErrorCategory[] = ['AUTH_ERROR', 'CONFIGURATION_ERROR'];

/** The final status of a recipient or content error: no retry, no fail-over. */
const FINAL_BY_CATEGORY: Partial<Record<ErrorCategory, MessageStatus>> = {
  INVALID_RECIPIENT: 'UNDELIVERABLE',
  CONTENT_REJECTED: 'FAILED',
};

/** Whether an error says something about the provider (and so counts against its circuit). */
export const blamesProvider = (category: ErrorCategory): boolean =>
  TRANSIENT.includes(category) || FAIL_OVER_AT_ONCE.includes(category);

const event = (type: string, at: Date, detail?: string): MessageEvent =>
  detail ? { type, at, detail } : { type, at };

/** A recipient refused at the send: bounced when the address is the reason, failed otherwise. */
const refusalEvent = (refusal: RecipientRefusal, at: Date): MessageEvent => ({
  type: refusal.category === 'INVALID_RECIPIENT' ? 'bounced' : 'failed',
  at,
  recipient: refusal.recipient,
  detail: refusal.reason,
});

/**
 * What a successful send records: one event per recipient when the message has several (those
 * the provider refused while it took the others say why), else one for the message.
 */
function successEvents(success: SendSuccess, context: AttemptContext): MessageEvent[] {
  const { now, config } = context;
  const type = success.status.toLowerCase();
  const refused = success.refused ?? [];
  const recipients = context.recipients ?? [];
  const refusedRecipients = new Set(refused.map((refusal) => refusal.recipient));
  const accepted: MessageEvent[] = recipients
    .filter((recipient) => !refusedRecipients.has(recipient))
    .map((recipient) => ({ type, at: now, recipient, detail: config.id }));
  const sent = recipients.length === 0 ? [event(type, now, config.id)] : accepted;
  return [...sent, ...refused.map((refusal) => refusalEvent(refusal, now))];
}

/**
 * What one attempt means for the message: transient errors retry on the same provider with
 * backoff up to its `maxAttempts`, then fail over; auth and configuration errors fail over at
 * once; recipient and content errors are final. The last provider's exhaustion is FAILED.
 */
export function attemptResult(outcome: SendOutcome, context: AttemptContext): AttemptResult {
  const { config, route, now, durationMs } = context;
  const providerAttempts = route.providerAttempts + 1;
  const base = { provider: config.id, durationMs, timestamp: now };
  if (outcome.ok) {
    const { status, providerMessageId, providerStatus, copyMessageIds } = outcome.success;
    return {
      attempt: { ...base, status, providerMessageId },
      status,
      route: { providerIndex: route.providerIndex, providerAttempts },
      events: successEvents(outcome.success, context),
      ...(providerStatus ? { providerStatus } : {}),
      ...(copyMessageIds?.length ? { copyMessageIds } : {}),
    };
  }
  const failure = { errorCategory: outcome.category, errorMessage: outcome.message };
  const final = FINAL_BY_CATEGORY[outcome.category];
  if (final) {
    return {
      attempt: { ...base, status: final, ...failure },
      status: final,
      route: { providerIndex: route.providerIndex, providerAttempts },
      events: [event(final.toLowerCase(), now, outcome.category)],
    };
  }
  if (TRANSIENT.includes(outcome.category) && providerAttempts < config.maxAttempts) {
    const delay = backoffMs(
      providerAttempts,
      config.retryBaseMs,
      config.retryMaxMs,
      context.random,
    );
    return {
      attempt: { ...base, status: 'RETRYING', ...failure },
      status: 'RETRYING',
      route: { providerIndex: route.providerIndex, providerAttempts },
      nextAttemptAt: new Date(now.getTime() + delay),
      events: [event('retrying', now, `${config.id}: ${outcome.category}`)],
    };
  }
  const nextIndex = route.providerIndex + 1;
  if (nextIndex < context.chainLength) {
    return {
      attempt: { ...base, status: 'RETRYING', ...failure },
      status: 'RETRYING',
      route: { providerIndex: nextIndex, providerAttempts: 0 },
      nextAttemptAt: now,
      events: [event('failover', now, `${config.id}: ${outcome.category}`)],
    };
  }
  return {
    attempt: { ...base, status: 'FAILED', ...failure },
    status: 'FAILED',
    route: { providerIndex: route.providerIndex, providerAttempts },
    events: [event('failed', now, `${config.id}: ${outcome.category}`)],
  };
}
