import type { EmailTag } from './email.content';
import { type OutboundAttachment, type OutboundMessage, ProviderError } from '../provider';

/** An email as the email providers send it: read from the stored content, sender resolved. */
export interface OutgoingEmail {
  readonly from: { readonly address: string; readonly name?: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** Envelope recipients only: never written into a header. */
  readonly bcc: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  /** Custom headers (structural ones were refused when the message was accepted). */
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: readonly EmailTag[];
  readonly attachments: readonly OutboundAttachment[];
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A list of addresses; a single one may be stored as a string. */
const texts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function headersOf(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function tagsOf(value: unknown): EmailTag[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .flatMap(({ name, value: tagValue }) =>
      typeof name === 'string' && typeof tagValue === 'string' ? [{ name, value: tagValue }] : [],
    );
}

/**
 * The attachments to send: the stored content lists them, the channel's preparer loaded their
 * bytes. A message that lists attachments whose bytes are missing is not sent without them.
 */
function attachmentsOf(message: OutboundMessage, listed: unknown): readonly OutboundAttachment[] {
  const expected = Array.isArray(listed) ? listed.length : 0;
  const loaded = message.attachments ?? [];
  if (loaded.length < expected) {
    throw new ProviderError(
      'CONTENT_REJECTED',
      `the message lists ${expected} attachment(s) but only ${loaded.length} could be loaded`,
    );
  }
  return loaded;
}

/**
 * Reads an email message's stored content (src/email/email.content.ts) for a provider; each field
 * is read for the type it should have, anything else counts as absent. The sender is the
 * message's own `from`, else the provider's default.
 */
export function outgoingEmail(
  message: OutboundMessage,
  providerId: string,
  defaultFrom: string | undefined,
): OutgoingEmail {
  const content = message.content;
  if (message.to.length === 0)
    throw new ProviderError('INVALID_RECIPIENT', 'the message has no recipient');
  const address = text(content.from) ?? defaultFrom;
  if (address === undefined) {
    throw new ProviderError(
      'CONFIGURATION_ERROR',
      `provider ${providerId} has no default sender (option from, or EMAIL_FROM) and the message names none`,
    );
  }
  const name = text(content.fromName);
  return {
    from: name === undefined ? { address } : { address, name },
    to: message.to,
    cc: texts(content.cc),
    bcc: texts(content.bcc),
    replyTo: texts(content.replyTo),
    subject: text(content.subject) ?? '',
    text: text(content.text),
    html: text(content.html),
    headers: headersOf(content.headers),
    tags: tagsOf(content.tags),
    attachments: attachmentsOf(message, content.attachments),
  };
}
