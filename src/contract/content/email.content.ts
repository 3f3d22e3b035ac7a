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
}
