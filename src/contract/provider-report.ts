import type { MessageStatus } from './message-status';
import type { MessageEvent } from './message-event';

/** The statuses a provider's report may mean: those a message reaches once it was handed over. */
export type ReportedStatus = Extract<
  MessageStatus,
  'SENT' | 'DELIVERED' | 'FAILED' | 'UNDELIVERABLE' | 'CANCELED'
>;
/**
 * How a report about one recipient of several (`event.recipient`: an email's bounce, complaint
 * or delivery) bears on the message: its status becomes the message's only once every recipient
 * has an event that settles it so (every one delivered, say); until then the event is recorded
 * and the status kept. The event is recorded also when the status cannot move any more (a
 * complaint after delivery): it is a fact about that recipient.
 */
export interface RecipientRule {
  /** Every recipient of the message, written as events name them. */
  readonly recipients: readonly string[];
  /** Whether a recorded event settles its recipient the way the report's status means. */
  readonly settles: (event: MessageEvent) => boolean;
}
/** What a provider reported about a message it was given (a delivery callback). */
export interface ProviderReport {
  /** The provider's own word for the state, kept as `providerStatus`. */
  readonly providerStatus: string;
  /** The status the report means; absent when it means none (a state the gateway does not map). */
  readonly status?: ReportedStatus;
  readonly event: MessageEvent;
  /** Set for a report about one of the message's recipients. */
  readonly byRecipient?: RecipientRule;
}
