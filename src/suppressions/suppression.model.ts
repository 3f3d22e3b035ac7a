import type { KeysetPage } from '../common/database/keyset';
export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An address an app no longer sends to, and why. */
export interface Suppression {
  readonly appId: string;
  /** Lower-cased. */
  readonly address: string;
  readonly reason: SuppressionReason;
  /** The provider's words (`Permanent/General`, `abuse`) or an admin's note. */
  readonly detail: string;
  /** The message whose bounce or complaint put the address here. */
  readonly messageId?: string;
  readonly createdAt: Date;
}

/** In address order; `next` is the last item's address when more may follow. */
export type SuppressionPage = KeysetPage<Suppression, string>;
