import type { SmsEncoding } from '../../contract/content/sms.content';

/**
 * How a text travels as SMS: its encoding, how many message parts a carrier bills, and its size
 * in that encoding's units (septets for GSM-7, UTF-16 code units for UCS-2).
 */
export interface SegmentCount {
  readonly encoding: SmsEncoding;
  readonly segments: number;
  readonly units: number;
}

/** GSM 03.38 basic character set (the escape code 0x1B itself is not a character of it). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: each is sent as ESC + code, two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/**
 * One part carries 160 septets (140 octets); a concatenated part loses 7 septets to the
 * concatenation header (UDH). UCS-2 carries 70 UTF-16 units, 67 per concatenated part.
 */
const CAPACITY: Readonly<Record<SmsEncoding, { single: number; part: number }>> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

// Iterating a string yields code points: a surrogate pair stays together, a lone surrogate is
// a character of its own.

/** Septets per character, or undefined when the text needs UCS-2. */
function gsm7Sizes(text: string): number[] | undefined {
  const sizes: number[] = [];
  for (const character of text) {
    if (GSM7_BASIC.has(character)) sizes.push(1);
    else if (GSM7_EXTENSION.has(character)) sizes.push(2);
    else return undefined;
  }
  return sizes;
}

/** UTF-16 code units per character: two for a surrogate pair. */
function ucs2Sizes(text: string): number[] {
  const sizes: number[] = [];
  for (const character of text) sizes.push(character.length);
  return sizes;
}

/**
 * Parts needed when no character may straddle two parts: phones and carriers never split a
 * GSM-7 escape sequence (ESC + code) or a UTF-16 surrogate pair across parts, so a two-unit
 * character that does not fit in what is left of a part starts the next one.
 */
function partsFor(sizes: readonly number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/**
 * Encoding and segment count of an SMS body. GSM-7 when every character is in the basic or
 * extension table, else UCS-2. An empty body still travels as one (empty) part.
 *
 * Written here rather than taken from a package because the rules are a fixed table and two
 * capacities, and the part-boundary rule above must be exact for billing figures.
 */
export function countSegments(text: string): SegmentCount {
  const septets = gsm7Sizes(text);
  const encoding: SmsEncoding = septets ? 'GSM-7' : 'UCS-2';
  const sizes = septets ?? ucs2Sizes(text);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const { single, part } = CAPACITY[encoding];
  return { encoding, segments: units <= single ? 1 : partsFor(sizes, part), units };
}
