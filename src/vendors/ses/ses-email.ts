import type { EmailTag } from '../../contract/content/email.content';
import { addressHeaderValue, composeMime } from '../../contract/content/email-mime';
import {
  emailOfCopy,
  type OutgoingCopy,
  type OutgoingEmail,
} from '../../contract/content/outgoing-email';

/** An email as SES's SendEmail takes it, in the gateway's terms (the client maps it to the SDK). */
export interface SesEmailRequest {
  /** `Name <address>`, the name RFC 2047-encoded when not ASCII (as SES requires). */
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** Envelope recipients: SES delivers to them without writing them into a header. */
  readonly bcc: readonly string[];
  readonly content: SesContent;
  readonly tags: readonly EmailTag[];
  readonly configurationSetName?: string;
}

export type SesContent =
  /** SES builds the MIME itself from subject and bodies. */
  | {
      readonly kind: 'simple';
      readonly subject: string;
      readonly text?: string;
      readonly html?: string;
      readonly replyTo: readonly string[];
    }
  /** A complete MIME message, for what Simple content cannot carry (attachments, headers). */
  | { readonly kind: 'raw'; readonly mime: Buffer };

/** SES tag names and values: ASCII letters, digits, `_` and `-`, at most 256 characters. */
const TAG_LENGTH = 256;
const sesTagPart = (text: string): string =>
  text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, TAG_LENGTH) || '_';

/** Tags as SES message tags: characters SES refuses become `_`, rather than failing the send. */
export const sesTags = (tags: readonly EmailTag[]): EmailTag[] =>
  tags.map(({ name, value }) => ({ name: sesTagPart(name), value: sesTagPart(value) }));

async function sesContent(email: OutgoingEmail): Promise<SesContent> {
  const needsMime = email.attachments.length > 0 || Object.keys(email.headers).length > 0;
  if (needsMime) return { kind: 'raw', mime: await composeMime(email) };
  return {
    kind: 'simple',
    subject: email.subject,
    text: email.text,
    html: email.html,
    replyTo: email.replyTo,
  };
}

/** What SES is asked to send for an email: Simple content when it suffices, else Raw MIME. */
export async function sesEmailRequest(
  email: OutgoingEmail,
  configurationSetName: string | undefined,
): Promise<SesEmailRequest> {
  return {
    from: addressHeaderValue(email.from),
    to: email.to,
    cc: email.cc,
    bcc: email.bcc,
    content: await sesContent(email),
    tags: sesTags(email.tags),
    ...(configurationSetName === undefined ? {} : { configurationSetName }),
  };
}

/**
 * What SES is asked to send for one recipient's copy: Raw MIME, so that the headers still name
 * every To and Cc recipient, while SES delivers to that recipient alone.
 */
export async function sesCopyRequest(
  email: OutgoingEmail,
  copy: OutgoingCopy,
  configurationSetName: string | undefined,
): Promise<SesEmailRequest> {
  return {
    from: addressHeaderValue(email.from),
    to: [copy.recipient],
    cc: [],
    bcc: [],
    content: { kind: 'raw', mime: await composeMime(emailOfCopy(email, copy)) },
    tags: sesTags(email.tags),
    ...(configurationSetName === undefined ? {} : { configurationSetName }),
  };
}
