import type { SmsContent, SmsEncoding } from './sms.content';

/** What an SMS send answer adds to the summary: how the text travels. */
export type SmsFacts = Pick<SmsContent, 'segments' | 'encoding'>;

const ENCODINGS: Readonly<Record<SmsEncoding, true>> = { 'GSM-7': true, 'UCS-2': true };

const isEncoding = (value: unknown): value is SmsEncoding =>
  typeof value === 'string' && Object.hasOwn(ENCODINGS, value);

/**
 * The facts of a stored SMS content. Read back with checks rather than trusted, since the
 * store holds content as plain data: a record written without them answers without them.
 */
export function smsFacts(content: Readonly<Record<string, unknown>>): Partial<SmsFacts> {
  const { segments, encoding } = content;
  if (typeof segments !== 'number' || !isEncoding(encoding)) return {};
  return { segments, encoding };
}
