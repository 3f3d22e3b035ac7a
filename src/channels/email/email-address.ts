import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isEmail, ValidateBy, type ValidationArguments } from 'class-validator';
import { hasControlCharacter } from '../../contract/content/control-characters';

/** Most recipients one email may have, to, cc and bcc together. */
export const MAX_RECIPIENTS = 50;

/** The lists that share `MAX_RECIPIENTS`, in the order their addresses are counted. */
const RECIPIENT_LISTS = ['to', 'cc', 'bcc'] as const;

/**
 * validator.js's address rules, as class-validator's IsEmail applies them: no display name, a
 * domain with a top-level part and no IP literal, an ASCII local part (a non-ASCII one needs
 * SMTPUTF8, which SES and many receiving servers lack). An internationalised domain is fine:
 * it travels as punycode.
 */
const ADDRESS_RULES = {
  allow_display_name: false,
  allow_utf8_local_part: false,
  require_tld: true,
  allow_ip_domain: false,
};

/**
 * A bare address such as `alex@example.com`: the sender's name goes in `fromName`. Control
 * characters are refused first: validator.js lets a quoted local part hold CR and LF
 * (`"a\r\nBcc: x"@example.com`), which would start a header line of its own.
 */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && !hasControlCharacter(value) && isEmail(value, ADDRESS_RULES);
}

const ADDRESS_HINT =
  'an email address such as alex@example.com, without a display name (the sender name goes in fromName)';

/** `field[index]` of the first entry that is not an address, for the error message. */
function firstInvalid(args: ValidationArguments | undefined): string {
  const property = args?.property ?? 'value';
  const value: unknown = args?.value;
  if (!Array.isArray(value)) return property;
  const index = value.findIndex((address) => !isEmailAddress(address));
  return `${property}[${index}]`;
}

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? [value] : value;

/**
 * An address or a list of them, stored as a list; every entry a bare address (`invalid_email`).
 * Absent is another rule's concern.
 */
export const IsEmailAddressList = (): PropertyDecorator =>
  applyDecorators(
    Transform(toList),
    ValidateBy(
      {
        name: 'isEmailAddressList',
        validator: {
          validate: (value: unknown) =>
            value === undefined ||
            value === null ||
            (Array.isArray(value) && value.every((address) => isEmailAddress(address))),
          defaultMessage: (args) => `${firstInvalid(args)} must be ${ADDRESS_HINT}`,
        },
      },
      { context: { code: 'invalid_email' } },
    ),
  );

/** One address (`invalid_email`). */
export const IsEmailAddress = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: isEmailAddress,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be ${ADDRESS_HINT}`,
      },
    },
    { context: { code: 'invalid_email' } },
  );

/** At least one `to` address (`missing_recipients`), whatever cc and bcc hold. */
export const HasRecipients = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'hasRecipients',
      validator: {
        validate: (value: unknown) =>
          value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0),
        defaultMessage: () => 'to must hold at least one address',
      },
    },
    { context: { code: 'missing_recipients' } },
  );

const countOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** Recipients counted in the lists before `property`'s, and with it. */
function runningCount(args: ValidationArguments): { before: number; through: number } {
  const holder = args.object as Readonly<Record<string, unknown>>;
  const position = RECIPIENT_LISTS.indexOf(args.property as (typeof RECIPIENT_LISTS)[number]);
  const before = RECIPIENT_LISTS.slice(0, position).reduce(
    (sum, list) => sum + countOf(holder[list]),
    0,
  );
  return { before, through: before + countOf(args.value) };
}

/**
 * to, cc and bcc hold at most `MAX_RECIPIENTS` together (`too_many_recipients`). Reported once,
 * on the list in which the count passes the limit.
 */
export const WithinRecipientLimit = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'withinRecipientLimit',
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) => {
          if (!args) return true;
          const { before, through } = runningCount(args);
          return through <= MAX_RECIPIENTS || before > MAX_RECIPIENTS;
        },
        defaultMessage: () =>
          `to, cc and bcc may hold at most ${MAX_RECIPIENTS} recipients together`,
      },
    },
    { context: { code: 'too_many_recipients' } },
  );
