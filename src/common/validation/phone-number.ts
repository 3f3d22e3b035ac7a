import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
// The full metadata: the default set checks little beyond length, and a number a carrier will
// refuse is better refused here, before it costs an attempt.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The number in E.164 (`+14155550100`) when it is a valid international number; spaces,
 * dashes, dots and parentheses are allowed on the way in. Without a leading `+` there is no
 * country to read it in, so such a number is refused rather than guessed.
 */
export function toE164(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * The characters a phone number field takes, for the OpenAPI document: `+`, then digits and the
 * spaces, dashes, dots and parentheses people write numbers with. Whether the digits make a
 * number is libphonenumber's to say, which a pattern cannot.
 */
export const PHONE_NUMBER_PATTERN = '^\\+[0-9 ().-]{6,32}$';

/** Validation code of a number that is not a valid international phone number. */
export const INVALID_PHONE = 'invalid_phone';

/**
 * A phone number field: normalised to E.164 before validation, refused with `invalid_phone`
 * when it is not a valid international number.
 */
export const IsPhoneNumber = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (toE164(value) ?? value) : value,
    ),
    ValidateBy(
      {
        name: 'isPhoneNumber',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && toE164(value) === value,
          defaultMessage: (args) =>
            `${args?.property ?? 'value'} must be a valid phone number in international form, such as +14155550100`,
        },
      },
      { ...options, context: { code: INVALID_PHONE } },
    ),
  );
