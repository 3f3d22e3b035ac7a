import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
// The full metadata: `valid` checks the number ranges of each country.
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import type { PhoneNumberCheck } from '../config/environment';

/** What a number may be written with on the way in: `+`, digits and the usual separators. */
const WRITTEN_NUMBER = /^\+[\d\s().-]+$/;
/** E.164 allows at most 15 digits; fewer than 8 in all is a number cut short. */
const E164_DIGITS = { min: 8, max: 15 } as const;

function isPossible(parsed: PhoneNumber): boolean {
  if (parsed.isPossible()) return true;
  const digits = parsed.number.length - 1;
  return digits >= E164_DIGITS.min && digits <= E164_DIGITS.max;
}

/**
 * The number in E.164 (`+14155550100`) when it passes `check`; spaces, dashes, dots and
 * parentheses are allowed on the way in. Without a leading `+` there is no country to read it
 * in, so such a number is refused rather than guessed. How strictly a number is checked before
 * it costs an attempt:
 * - `possible`: it could be a number: libphonenumber finds it possible for its country (country
 *   code and length), or it is written in full E.164, a country calling code in use and 8 to 15
 *   digits in all, as the numbers in documentation and examples are (`+1234567890`, which is a
 *   digit short for North America). Providers decide deliverability and report it.
 * - `valid`: libphonenumber's metadata knows it as a number of its country (ranges and lengths).
 */
export function toE164(value: string, check: PhoneNumberCheck = 'possible'): string | undefined {
  const trimmed = value.trim();
  if (!WRITTEN_NUMBER.test(trimmed)) return undefined;
  // Undefined for a country calling code that is not in use.
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed) return undefined;
  const passes = check === 'valid' ? parsed.isValid() : isPossible(parsed);
  return passes ? parsed.number : undefined;
}

/**
 * Recent numbers that `normalisePhoneNumber` found already written in E.164. A field's transform
 * parses the number and its validator runs right after on the same request, checking that the
 * result is its own E.164 form; for a number that came in as that form, the transform's parse
 * was the very same one (`toE164` reads only the trimmed text), so the validator need not parse
 * it again with libphonenumber. Any other number is parsed again: normalising is not always
 * idempotent (`+262 00280529400` gives `+2620280529400`, which gives `+262280529400`).
 */
const RECENT_LIMIT = 64;
const writtenInE164 = new Set<string>();

/** `toE164` (possible) for a field's transform: the number in E.164, or undefined. */
export function normalisePhoneNumber(value: string): string | undefined {
  const normalised = toE164(value);
  if (normalised === undefined || normalised !== value.trim()) return normalised;
  if (writtenInE164.size >= RECENT_LIMIT) writtenInE164.clear();
  writtenInE164.add(normalised);
  return normalised;
}

/** Whether `value` is a possible number written in E.164: `toE164(value) === value`. */
export const isE164 = (value: string): boolean =>
  writtenInE164.has(value) || toE164(value) === value;

/**
 * The characters a phone number field takes, for the OpenAPI document: `+`, then digits and the
 * spaces, dashes, dots and parentheses people write numbers with. Whether the digits make a
 * number is libphonenumber's to say, which a pattern cannot.
 */
export const PHONE_NUMBER_PATTERN = '^\\+[0-9 ().-]{6,32}$';

/** Validation code of a number that is not a phone number in international form. */
export const INVALID_PHONE = 'invalid_phone';

/**
 * A phone number field: normalised to E.164 before validation, refused with `invalid_phone`
 * when it is not a possible international number. Whether it must also be valid is the app's
 * setting, checked when the send is accepted.
 */
export const IsPhoneNumber = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (normalisePhoneNumber(value) ?? value) : value,
    ),
    ValidateBy(
      {
        name: 'isPhoneNumber',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && isE164(value),
          defaultMessage: (args) =>
            `${args?.property ?? 'value'} must be a phone number in international form, such as +14155550100`,
        },
      },
      { ...options, context: { code: INVALID_PHONE } },
    ),
  );
