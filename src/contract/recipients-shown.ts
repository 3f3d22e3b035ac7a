import type { Channel } from './channel';

/**
 * A Web Push endpoint is a capability URL: with the subscription's keys, whoever holds it can
 * push to the browser. Answers show its origin (the push service) only; FCM tokens and every
 * other channel's addresses show as stored.
 */
function shownPushRecipient(to: string): string {
  if (!to.startsWith('https://')) return to;
  try {
    return new URL(to).origin;
  } catch {
    return 'https://(invalid endpoint)';
  }
}

/** A message's recipients as answers and the message log show them. */
export function recipientsShown(channel: Channel, to: readonly string[]): string[] {
  return channel === 'push' ? to.map(shownPushRecipient) : [...to];
}
