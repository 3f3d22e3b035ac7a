import { canMove } from '../contract/message-status';
import type { MessageEvent } from '../contract/message-event';
import type { ProviderReport, RecipientRule, ReportedStatus } from '../contract/provider-report';
import type { Message } from './message.model';

export type ReportEffect =
  | { readonly kind: 'sending' | 'record' | 'none' }
  | { readonly kind: 'move'; readonly status: ReportedStatus };

/** Two events say the same thing: they differ at most in when they were seen. */
const sameEvent = (a: MessageEvent, b: MessageEvent): boolean =>
  a.type === b.type && a.detail === b.detail && a.recipient === b.recipient;

/**
 * What a report does to a message, for every adapter alike. It moves the status forward, or,
 * when it means the status the message has (or none), appends an event not yet recorded; a
 * report behind the message (a late `sent` after `delivered`) or one seen before writes
 * nothing. A message being sent is left to its claim holder, whose `complete` needs it SENDING.
 * A report about one recipient follows its `RecipientRule`.
 */
export function reportEffect(
  current: Pick<Message, 'status' | 'events'>,
  report: ProviderReport,
): ReportEffect {
  if (current.status === 'SENDING') return { kind: 'sending' };
  if (report.byRecipient) return recipientReportEffect(current, report, report.byRecipient);
  const { status } = report;
  if (status !== undefined && canMove(current.status, status)) return { kind: 'move', status };
  const keepsStatus = status === undefined || status === current.status;
  const seen = current.events.some((event) => sameEvent(event, report.event));
  return { kind: keepsStatus && !seen ? 'record' : 'none' };
}

function recipientReportEffect(
  current: Pick<Message, 'status' | 'events'>,
  report: ProviderReport,
  rule: RecipientRule,
): ReportEffect {
  if (current.events.some((event) => sameEvent(event, report.event))) return { kind: 'none' };
  const events = [...current.events, report.event];
  const settled = (recipient: string): boolean =>
    events.some((event) => event.recipient === recipient && rule.settles(event));
  const { status } = report;
  if (status !== undefined && rule.recipients.every(settled) && canMove(current.status, status)) {
    return { kind: 'move', status };
  }
  return { kind: 'record' };
}
