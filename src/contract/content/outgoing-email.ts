import { type EmailAttachmentRecord, type EmailTag, readEmailContent } from './email.content';
import {
  type OutboundAttachment,
  type OutboundMessage,
  ProviderError,
  type RecipientCopy,
} from '../provider';

/** One recipient's own copy of an email: its parts and headers; sent to that recipient alone. */
export interface OutgoingCopy {
  readonly recipient: string;
  readonly text?: string;
  readonly html?: string;
  readonly headers: Readonly<Record<string, string>>;
}

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
  /**
   * Set when each recipient gets a copy of its own (links that name the recipient): every
   * copy keeps the message's To and Cc headers and goes to its recipient alone.
   */
  readonly copies?: readonly OutgoingCopy[];
}

function copyOf(message: OutboundMessage, copy: RecipientCopy): OutgoingCopy {
  const content = readEmailContent({ ...message.content, ...copy.content });
  return {
    recipient: copy.recipient,
    text: content.text,
    html: content.html,
    headers: content.headers,
  };
}

/** The email one copy makes: the message with the copy's parts and headers, and no copies. */
export function emailOfCopy(email: OutgoingEmail, copy: OutgoingCopy): OutgoingEmail {
  const { from, to, cc, bcc, replyTo, subject, tags, attachments } = email;
  const { text, html, headers } = copy;
  return { from, to, cc, bcc, replyTo, subject, text, html, headers, tags, attachments };
}

/**
 * The attachments to send: the stored content lists them, the channel's preparer loaded their
 * bytes. A message that lists attachments whose bytes are missing is not sent without them.
 */
function attachmentsOf(
  message: OutboundMessage,
  listed: readonly EmailAttachmentRecord[],
): readonly OutboundAttachment[] {
  const loaded = message.attachments ?? [];
  if (loaded.length < listed.length) {
    throw new ProviderError(
      'CONTENT_REJECTED',
      `the message lists ${listed.length} attachment(s) but only ${loaded.length} could be loaded`,
    );
  }
  return loaded;
}

/**
 * An email message as a provider sends it, its content read with `readEmailContent`. The
 * sender is the message's own `from`, else the provider's default.
 */
export function outgoingEmail(
  message: OutboundMessage,
  providerId: string,
  defaultFrom: string | undefined,
): OutgoingEmail {
  if (message.to.length === 0)
    throw new ProviderError('INVALID_RECIPIENT', 'the message has no recipient');
  const content = readEmailContent(message.content);
  const address = content.from ?? defaultFrom;
  if (address === undefined) {
    throw new ProviderError(
      'CONFIGURATION_ERROR',
      `provider ${providerId} has no default sender (option from, or EMAIL_FROM) and the message names none`,
    );
  }
  const name = content.fromName;
  return {
    from: name === undefined ? { address } : { address, name },
    to: message.to,
    cc: content.cc,
    bcc: content.bcc,
    replyTo: content.replyTo,
    subject: content.subject,
    text: content.text,
    html: content.html,
    headers: content.headers,
    tags: content.tags,
    attachments: attachmentsOf(message, content.attachments),
    ...(message.copies ? { copies: message.copies.map((copy) => copyOf(message, copy)) } : {}),
  };
}
