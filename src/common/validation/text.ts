import { ValidateBy } from 'class-validator';

/**
 * A character that is not white space as JavaScript's `\s` counts it, spelled out so that the
 * OpenAPI document's `pattern` means the same in every regular-expression dialect (Python's
 * `\s`, for one, differs on U+001C to U+001F, U+0085 and U+FEFF).
 */
export const VISIBLE_CHARACTER =
  '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const VISIBLE = new RegExp(VISIBLE_CHARACTER, 'u');

/** Whether `text` has a character that is not white space. */
export const hasVisibleText = (text: string): boolean => VISIBLE.test(text);

/** The body: a string with at least one character that is not whitespace (`message_empty`). */
export const HasText = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'hasText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && hasVisibleText(value),
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

/**
 * A subject as one pattern: one line (no control character but the tab, as a header value) with
 * a character that is not white space (a subject of only white space is a missing one).
 */
export const VISIBLE_LINE =
  '^[^\\x00-\\x08\\x0a-\\x1f\\x7f]*[^\\x00-\\x20\\x7f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff][^\\x00-\\x08\\x0a-\\x1f\\x7f]*$';
