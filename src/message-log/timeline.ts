import type { MessageEvent } from '../contract/message-event';
import type { MessageStatus } from '../contract/message-status';
import type { Message } from './message.model';

/** When a message first reached SENT, DELIVERED and a failure, as far as it did. */
export interface Timeline {
  readonly sentAt?: Date;
  readonly deliveredAt?: Date;
  readonly failedAt?: Date;
}

/** Event types that say a message, or one of its recipients, was handed over or delivered. */
const SENT_EVENTS = ['sent', 'delivered'];
/** Event types that end a message, or one recipient of it, without delivery. */
const FAILURE_EVENTS = [
  'failed',
  'undeliverable',
  'undelivered',
  'busy',
  'no-answer',
  'bounced',
  'complained',
];
const FAILURES: readonly MessageStatus[] = ['FAILED', 'UNDELIVERABLE'];

const earliest = (dates: readonly Date[]): Date | undefined =>
  dates.reduce<Date | undefined>(
    (first, date) => (first && first <= date ? first : date),
    undefined,
  );

const latest = (dates: readonly Date[]): Date | undefined =>
  dates.reduce<Date | undefined>((last, date) => (last && last >= date ? last : date), undefined);

/**
 * When events of `types` reached the whole message: the first such event about the message
 * itself, else the moment the last recipient got its first one (a message is delivered once
 * every recipient is).
 */
function reachedAt(events: readonly MessageEvent[], types: readonly string[]): Date | undefined {
  const firstByRecipient = new Map<string, Date>();
  for (const event of events) {
    if (!types.includes(event.type)) continue;
    const key = event.recipient ?? '';
    const seen = firstByRecipient.get(key);
    if (!seen || event.at < seen) firstByRecipient.set(key, event.at);
  }
  return firstByRecipient.get('') ?? latest([...firstByRecipient.values()]);
}

/** What a timeline is read from. */
export type TimelineSource = Pick<Message, 'status' | 'attempts' | 'events'>;

/** The time of the attempt that ended in `status`, if an attempt did. */
const attemptedAt = (
  message: TimelineSource,
  statuses: readonly MessageStatus[],
): Date | undefined =>
  earliest(
    message.attempts
      .filter((attempt) => statuses.includes(attempt.status))
      .map((attempt) => attempt.timestamp),
  );

/**
 * The message's timeline, read from its attempts and events rather than stored: the first
 * successful attempt (or provider report) is `sentAt`; `deliveredAt` and `failedAt` are given
 * once the message is DELIVERED, or FAILED or UNDELIVERABLE, as the time of the attempt or of
 * the reports that made it so.
 */
export function timelineOf(message: TimelineSource): Timeline {
  const sent = earliest(
    [attemptedAt(message, ['SENT', 'DELIVERED']), reachedAt(message.events, SENT_EVENTS)].filter(
      (date) => date !== undefined,
    ),
  );
  const delivered =
    message.status === 'DELIVERED'
      ? (attemptedAt(message, ['DELIVERED']) ?? reachedAt(message.events, ['delivered']))
      : undefined;
  const failed = FAILURES.includes(message.status)
    ? (attemptedAt(message, [message.status]) ?? reachedAt(message.events, FAILURE_EVENTS))
    : undefined;
  return {
    ...(sent ? { sentAt: sent } : {}),
    ...(delivered ? { deliveredAt: delivered } : {}),
    ...(failed ? { failedAt: failed } : {}),
  };
}
