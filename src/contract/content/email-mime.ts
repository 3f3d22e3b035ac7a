import MailComposer from 'nodemailer/lib/mail-composer';
import type { Options as MailOptions } from 'nodemailer/lib/mailer';
import MimeNode from 'nodemailer/lib/mime-node';
import type { EmailTag } from './email.content';
import type { OutgoingEmail } from './outgoing-email';

/*
 * MIME is email's own wire format, not one vendor's: SMTP sends nodemailer's message fields and
 * SES's Raw content takes the composed MIME, so both vendors build on this one file, and it
 * sits with the email content rather than in either vendor's folder.
 */

/** The header that carries an email's tags over SMTP (SES takes them as message tags). */
export const TAGS_HEADER = 'X-Switchboard-Tags';

/**
 * Tags as one header value, `name=value` pairs separated by `; `, each part percent-encoded so
 * that separators in names or values stay unambiguous and the header stays ASCII.
 */
export const tagsHeaderValue = (tags: readonly EmailTag[]): string =>
  tags
    .map(({ name, value }) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('; ');

/**
 * An outgoing email as nodemailer's message fields: SMTP sends them, SES's Raw content composes
 * them into MIME. Nodemailer builds the MIME (RFC 2047 words for non-ASCII names and subjects,
 * multipart alternative and mixed parts); Bcc stays in the envelope, out of the headers.
 * Nothing is read from files or URLs.
 */
export function nodemailerMessage(email: OutgoingEmail): MailOptions {
  return {
    from: email.from,
    to: [...email.to],
    cc: [...email.cc],
    bcc: [...email.bcc],
    replyTo: [...email.replyTo],
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { ...email.headers },
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The email as a complete MIME message (without Bcc), as SES's Raw content takes it. */
export function composeMime(email: OutgoingEmail): Promise<Buffer> {
  return new MailComposer(nodemailerMessage(email)).compile().build();
}

/** An address as a header value: `Name <address>`, the name RFC 2047-encoded when not ASCII. */
export const addressHeaderValue = (address: OutgoingEmail['from']): string =>
  MimeNode.encodeHeaderValue('From', address);
