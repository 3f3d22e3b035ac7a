import {
  integer,
  isRecord,
  records,
  type StoredContent,
  stringMap,
  stringOf,
  text,
  texts,
} from './stored-content';

/** An attachment as the message record keeps it: never its bytes, which live apart until sent. */
export interface EmailAttachmentRecord {
  readonly filename: string;
  readonly contentType: string;
  /** Bytes after base64 decoding. */
  readonly size: number;
  /** Hex SHA-256 of the decoded bytes. */
  readonly sha256: string;
}

export interface EmailTag {
  readonly name: string;
  readonly value: string;
}

/** Which engagement the gateway tracks for an email: opens (a pixel), clicks (its links). */
export interface EmailTracking {
  readonly opens: boolean;
  readonly clicks: boolean;
}

/**
 * What an email message stores as its content, rendered (templates are rendered at accept time)
 * and what email providers read. `Message.to` holds the `to` addresses; cc and bcc are here.
 */
export interface EmailContent {
  readonly from?: string;
  readonly fromName?: string;
  readonly replyTo?: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  /** Custom headers; structural ones (From, To, Subject, Content-*, ...) are refused at accept. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly tags?: readonly EmailTag[];
  readonly attachments?: readonly EmailAttachmentRecord[];
  /** The stored template and version the content was rendered from. */
  readonly template?: { readonly id: string; readonly version: number };
  /** Opens and clicks tracked through the gateway's links; absent: none. */
  readonly tracking?: EmailTracking;
  /** One-click unsubscribe headers (RFC 8058) name a link of the gateway. */
  readonly unsubscribe?: boolean;
  /** What the email is about, for unsubscribes (`newsletter`): an unsubscribe covers it alone. */
  readonly topic?: string;
}

/**
 * An email content as read back: lists and maps are empty rather than absent, and the subject
 * is empty when it is not text. The template it was rendered from is not read: no sender
 * needs it.
 */
export type EmailContentRead = EmailContent &
  Required<Pick<EmailContent, 'replyTo' | 'cc' | 'bcc' | 'headers' | 'tags' | 'attachments'>>;

function tagOf(record: Readonly<Record<string, unknown>>): EmailTag[] {
  const name = stringOf(record.name);
  const value = stringOf(record.value);
  return name === undefined || value === undefined ? [] : [{ name, value }];
}

function trackingOf(value: unknown): EmailTracking | undefined {
  if (!isRecord(value)) return undefined;
  const tracking = { opens: value.opens === true, clicks: value.clicks === true };
  return tracking.opens || tracking.clicks ? tracking : undefined;
}

function attachmentRecordOf(record: Readonly<Record<string, unknown>>): EmailAttachmentRecord[] {
  const filename = stringOf(record.filename);
  const contentType = stringOf(record.contentType);
  const size = integer(record.size);
  const sha256 = stringOf(record.sha256);
  if (filename === undefined || contentType === undefined || size === undefined) return [];
  return sha256 === undefined ? [] : [{ filename, contentType, size, sha256 }];
}

/**
 * Reads a stored email content with checks rather than trusting it, since the store holds plain
 * data: each field is read for the type it should have, anything else counts as absent. An
 * address list may be stored as a single address.
 */
export function readEmailContent(content: StoredContent): EmailContentRead {
  return {
    from: text(content.from),
    fromName: text(content.fromName),
    replyTo: texts(content.replyTo),
    cc: texts(content.cc),
    bcc: texts(content.bcc),
    subject: text(content.subject) ?? '',
    text: text(content.text),
    html: text(content.html),
    headers: stringMap(content.headers) ?? {},
    tags: records(content.tags).flatMap(tagOf),
    attachments: records(content.attachments).flatMap(attachmentRecordOf),
    tracking: trackingOf(content.tracking),
    unsubscribe: content.unsubscribe === true ? true : undefined,
    topic: text(content.topic),
  };
}
