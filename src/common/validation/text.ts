import { ValidateBy } from 'class-validator';

/** The body: a string with at least one character that is not whitespace (`message_empty`). */
export const HasText = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'hasText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /\S/u.test(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be text with at least one visible character`,
      },
    },
    { context: { code: 'message_empty' } },
  );

/**
 * At most `max` UTF-16 code units (`message_too_long`), the unit JavaScript strings and
 * providers' length limits count in: an emoji outside the Basic Multilingual Plane counts two.
 * class-validator's MaxLength counts code points instead, which would let through bodies the
 * provider refuses.
 */
export const MaxUtf16Length = (max: number): PropertyDecorator =>
  ValidateBy(
    {
      name: 'maxUtf16Length',
      validator: {
        // A value that is not a string is the other rules' to report.
        validate: (value: unknown) => typeof value !== 'string' || value.length <= max,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be at most ${max} characters (UTF-16 code units; an emoji counts two)`,
      },
    },
    { context: { code: 'message_too_long' } },
  );
