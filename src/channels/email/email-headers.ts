import { ValidateBy } from 'class-validator';
import { hasControlCharacter } from '../../contract/content/control-characters';

/** Most custom headers one email may carry. */
export const MAX_CUSTOM_HEADERS = 50;

/** RFC 5322's limit on a header line, name, colon and space included. */
const MAX_HEADER_LINE = 998;

/** RFC 5322 field name: printable US-ASCII characters except the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/u;

/**
 * Headers the gateway or the provider writes, or that describe the message's structure,
 * transport or authentication: set by a caller they could forge the sender, add hidden
 * recipients, break the MIME structure or fake a trace.
 */
const STRUCTURAL_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'return-path',
  'received',
  'received-spf',
  'authentication-results',
  'dkim-signature',
  'domainkey-signature',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
  'delivered-to',
]);

/**
 * Families of structural headers: MIME (`Content-Type`, `Content-Transfer-Encoding` ...),
 * resent trace fields, and SES's instructions (`X-SES-CONFIGURATION-SET`, `X-SES-SOURCE-ARN`
 * ...), which would let a caller choose another configuration set or sending identity.
 */
const STRUCTURAL_PREFIXES = ['content-', 'resent-', 'x-ses-'];

export function isStructuralHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return STRUCTURAL_HEADERS.has(lower) || STRUCTURAL_PREFIXES.some((p) => lower.startsWith(p));
}

/** A single-line header value: no CR, LF or other control character; a tab is whitespace. */
export const isHeaderValue = (value: string): boolean => !hasControlCharacter(value, true);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a custom header map is malformed, or undefined when it is not. */
export function malformedHeaders(value: unknown): string | undefined {
  if (!isRecord(value)) return 'headers must be an object of header names to text values';
  const entries = Object.entries(value);
  if (entries.length > MAX_CUSTOM_HEADERS)
    return `headers may hold at most ${MAX_CUSTOM_HEADERS} headers`;
  for (const [name, text] of entries) {
    if (!FIELD_NAME.test(name))
      return `header name ${JSON.stringify(name)} must be printable ASCII without spaces or colons`;
    if (typeof text !== 'string') return `header ${name} must have a text value`;
    if (!isHeaderValue(text)) return `header ${name} must not contain CR, LF or control characters`;
    if (name.length + 2 + text.length > MAX_HEADER_LINE)
      return `header ${name} must fit in one line of ${MAX_HEADER_LINE} characters, name included`;
  }
  return undefined;
}

/** The first structural header a custom header map sets, if any. */
export function structuralHeader(value: unknown): string | undefined {
  return isRecord(value) ? Object.keys(value).find(isStructuralHeader) : undefined;
}

/** Custom headers: names per RFC 5322, single-line values, at most 50 (`invalid_header`). */
export const WellFormedHeaders = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'wellFormedHeaders',
      validator: {
        validate: (value: unknown) => malformedHeaders(value) === undefined,
        defaultMessage: (args) => malformedHeaders(args?.value) ?? 'headers are malformed',
      },
    },
    { context: { code: 'invalid_header' } },
  );

/** Custom headers may not set what the gateway writes (`forbidden_header`). */
export const NoStructuralHeaders = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'noStructuralHeaders',
      validator: {
        validate: (value: unknown) => structuralHeader(value) === undefined,
        defaultMessage: (args) =>
          `header ${structuralHeader(args?.value) ?? ''} is set by the gateway from the message's fields (from, to, cc, bcc, replyTo, subject, attachments ...); it cannot be a custom header`,
      },
    },
    { context: { code: 'forbidden_header' } },
  );

/** A header field's value (subject, fromName): one line, any Unicode (`invalid_header`). */
export const IsHeaderValue = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isHeaderValue',
      validator: {
        // A value that is not a string is the type rule's to report.
        validate: (value: unknown) => typeof value !== 'string' || isHeaderValue(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be one line: no CR, LF or control characters`,
      },
    },
    { context: { code: 'invalid_header' } },
  );
