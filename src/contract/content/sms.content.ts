import { integer, type StoredContent, text } from './stored-content';

/**
 * A Messaging Service SID (`MG` and 32 hexadecimal digits): a sender that stands for a pool of
 * numbers. SMS content may name one instead of a number; the Twilio vendor sends through it.
 */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** An alphanumeric sender id: up to 11 letters, digits and spaces, with at least one letter. */
export const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const ENCODINGS: Readonly<Record<SmsEncoding, true>> = { 'GSM-7': true, 'UCS-2': true };

const isEncoding = (value: unknown): value is SmsEncoding =>
  typeof value === 'string' && Object.hasOwn(ENCODINGS, value);

/** How the text travels, counted at accept time: what an SMS send answer adds to the summary. */
export interface SmsFacts {
  readonly segments: number;
  readonly encoding: SmsEncoding;
}

/** What an SMS message stores as its content, and what SMS providers read. */
export interface SmsContent extends SmsFacts {
  readonly body: string;
  /** Sender number (E.164) or alphanumeric sender id; the provider's default when absent. */
  readonly from?: string;
  /** A Twilio Messaging Service SID (MG…) to send through instead of a number. */
  readonly messagingServiceSid?: string;
}

/** An SMS content as read back: the facts, which no provider needs, only when both are there. */
export type SmsContentRead = Omit<SmsContent, keyof SmsFacts> & Partial<SmsFacts>;

/**
 * Reads a stored SMS content with checks rather than trusting it, since the store holds plain
 * data. A body that is not text reads as empty (a vendor refuses an empty text); a record
 * written without its facts reads without them.
 */
export function readSmsContent(content: StoredContent): SmsContentRead {
  const segments = integer(content.segments);
  const { encoding } = content;
  return {
    body: text(content.body) ?? '',
    from: text(content.from),
    messagingServiceSid: text(content.messagingServiceSid),
    ...(segments !== undefined && isEncoding(encoding) ? { segments, encoding } : {}),
  };
}
