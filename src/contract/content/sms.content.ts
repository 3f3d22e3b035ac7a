/**
 * A Messaging Service SID (`MG` and 32 hexadecimal digits): a sender that stands for a pool of
 * numbers. SMS content may name one instead of a number; the Twilio vendor sends through it.
 */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** What an SMS message stores as its content, and what SMS providers read. */
export interface SmsContent {
  readonly body: string;
  /** Sender number (E.164) or alphanumeric sender id; the provider's default when absent. */
  readonly from?: string;
  /** A Twilio Messaging Service SID (MG…) to send through instead of a number. */
  readonly messagingServiceSid?: string;
  readonly segments: number;
  readonly encoding: SmsEncoding;
}
