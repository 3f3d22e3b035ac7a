import type { MessageStatus } from '../../contract/message-status';

/** A Twilio state on the gateway's status model, and the event it is recorded as. */
export interface TwilioStatusMapping {
  /** The status the message moves to (forward only); undefined when the state changes none. */
  readonly status?: MessageStatus;
  readonly event: string;
  /** Why a final state is final, in words a caller can act on. */
  readonly detail?: string;
}

/** Message states (SMS and WhatsApp): Twilio's MessageStatus values. */
const MESSAGE_STATES: Readonly<Record<string, TwilioStatusMapping>> = {
  accepted: { status: 'SENT', event: 'accepted' },
  scheduled: { status: 'SENT', event: 'scheduled' },
  queued: { status: 'SENT', event: 'queued' },
  sending: { status: 'SENT', event: 'sending' },
  sent: { status: 'SENT', event: 'sent' },
  delivered: { status: 'DELIVERED', event: 'delivered' },
  read: { status: 'DELIVERED', event: 'read' },
  undelivered: {
    status: 'UNDELIVERABLE',
    event: 'undelivered',
    detail: 'the carrier could not deliver the message',
  },
  failed: { status: 'FAILED', event: 'failed', detail: 'Twilio could not send the message' },
  canceled: { status: 'CANCELED', event: 'canceled' },
};

/** Call states: Twilio's CallStatus values. */
const CALL_STATES: Readonly<Record<string, TwilioStatusMapping>> = {
  queued: { status: 'SENT', event: 'queued' },
  initiated: { status: 'SENT', event: 'initiated' },
  ringing: { status: 'SENT', event: 'ringing' },
  'in-progress': { status: 'SENT', event: 'answered' },
  completed: { status: 'DELIVERED', event: 'completed' },
  busy: {
    status: 'UNDELIVERABLE',
    event: 'busy',
    detail: 'the line was busy; this call is over (send again to retry)',
  },
  'no-answer': {
    status: 'UNDELIVERABLE',
    event: 'no-answer',
    detail: 'nobody answered before the timeout; this call is over (send again to retry)',
  },
  failed: { status: 'FAILED', event: 'failed', detail: 'Twilio could not place the call' },
  canceled: { status: 'CANCELED', event: 'canceled' },
};

/** A message state Twilio reported; unknown states are kept as events and change nothing. */
export const twilioMessageStatus = (state: string): TwilioStatusMapping =>
  MESSAGE_STATES[state] ?? { event: state };

/** A call state Twilio reported; unknown states are kept as events and change nothing. */
export const twilioCallStatus = (state: string): TwilioStatusMapping =>
  CALL_STATES[state] ?? { event: state };
