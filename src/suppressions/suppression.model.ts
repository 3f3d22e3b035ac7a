import type { KeysetPage } from '../common/database/keyset';
/**
 * The name a refusal by the suppression list is recorded under, as an attempt's provider: no
 * provider was called, the gateway itself would not send to the address.
 */
export const SUPPRESSION_LIST = 'suppression-list';

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual', 'unsubscribed'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An address an app no longer sends to, and why. */
export interface Suppression {
  readonly appId: string;
  /** Lower-cased. */
  readonly address: string;
  /**
   * The topic the entry is about: only emails naming it are refused (an unsubscribe from
   * `newsletter` leaves `receipts` alone). Absent: every email to the address.
   */
  readonly topic?: string;
  readonly reason: SuppressionReason;
  /** The provider's words (`Permanent/General`, `abuse`) or an admin's note. */
  readonly detail: string;
  /** The message whose bounce, complaint or unsubscribe link put the address here. */
  readonly messageId?: string;
  readonly createdAt: Date;
}

/** A topic: 1 to 64 letters, digits, `_` or `-`. */
export const TOPIC = /^[A-Za-z0-9_-]{1,64}$/u;

/**
 * In address order, an address's entries by topic (the one for every topic first); `next` is
 * the last item's position (`positionOf`) when more may follow.
 */
export type SuppressionPage = KeysetPage<Suppression, string>;
