/** Progress order: a status may only be replaced by one of higher rank (or by a final one). */
const RANK: Readonly<Record<MessageStatus, number>> = {
  SCHEDULED: 0,
  QUEUED: 1,
  SENDING: 2,
  RETRYING: 2,
  SENT: 3,
  DELIVERED: 4,
  FAILED: 5,
  UNDELIVERABLE: 5,
  CANCELED: 5,
};

export const FINAL_STATUSES: readonly MessageStatus[] = [
  'DELIVERED',
  'FAILED',
  'UNDELIVERABLE',
  'CANCELED',
];
/** Statuses in which a message waits for a worker. */
export const PENDING_STATUSES: readonly MessageStatus[] = ['SCHEDULED', 'QUEUED', 'RETRYING'];
/** Statuses a caller may cancel from. */
export const CANCELABLE_STATUSES: readonly MessageStatus[] = ['SCHEDULED', 'QUEUED', 'RETRYING'];

export const isFinal = (status: MessageStatus): boolean => FINAL_STATUSES.includes(status);

/**
 * Whether a provider report or worker result may move `from` to `to`. Status only moves
 * forward: a late `sent` after `delivered` changes nothing. SENDING and RETRYING alternate
 * while attempts go on.
 */
export function canMove(from: MessageStatus, to: MessageStatus): boolean {
  if (isFinal(from)) return false;
  if ((from === 'SENDING' && to === 'RETRYING') || (from === 'RETRYING' && to === 'SENDING'))
    return true;
  return RANK[to] > RANK[from];
}

export const MESSAGE_STATUSES = [
  'SCHEDULED',
  'QUEUED',
  'SENDING',
  'RETRYING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'UNDELIVERABLE',
  'CANCELED',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
