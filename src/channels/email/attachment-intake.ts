import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import type { OutboundAttachment } from '../../contract/provider';
import { decodeBase64, executableReason, sha256Hex } from './attachment-content';
import { sanitizeFilename } from './attachment-filename';
import type { EmailAttachmentRecord } from '../../contract/content/email.content';
import type { EmailChannelSettings } from './email-settings';

/** An attachment as a caller sends it. */
export interface AttachmentInput {
  readonly filename: string;
  /** Base64. */
  readonly content: string;
  readonly contentType: string;
}

export type AttachmentRules = Omit<EmailChannelSettings, 'htmlMaxDepth'>;

/** The attachments of one email: records for the message, files for the provider. */
export interface AcceptedAttachments {
  readonly records: readonly EmailAttachmentRecord[];
  readonly files: readonly OutboundAttachment[];
}

const MEGABYTE = 1024 * 1024;

/** `10485760 bytes (10 MB)`. */
function describeBytes(bytes: number): string {
  const megabytes = bytes / MEGABYTE;
  return megabytes >= 1 ? `${bytes} bytes (${Number(megabytes.toFixed(1))} MB)` : `${bytes} bytes`;
}

/** One attachment decoded and checked on its own: the file, or the problems it has. */
function readOne(
  input: AttachmentInput,
  index: number,
  rules: AttachmentRules,
): OutboundAttachment | FieldProblem[] {
  const field = `attachments.${index}`;
  const content = decodeBase64(input.content);
  if (!content) {
    return [
      {
        field: `${field}.content`,
        code: 'invalid_attachment',
        message: `${field}.content must be standard base64 with padding (line breaks allowed)`,
      },
    ];
  }
  if (content.length === 0) {
    return [
      { field: `${field}.content`, code: 'invalid_attachment', message: `${field} is empty` },
    ];
  }
  const filename = sanitizeFilename(input.filename);
  const problems: FieldProblem[] = [];
  if (content.length > rules.attachmentMaxBytes) {
    problems.push({
      field: `${field}.content`,
      code: 'attachment_too_large',
      message: `${field} is ${describeBytes(content.length)} after decoding; the limit per attachment is ${describeBytes(rules.attachmentMaxBytes)}`,
    });
  }
  const executable = rules.allowExecutableAttachments
    ? undefined
    : executableReason(filename, input.contentType, content);
  if (executable) {
    problems.push({
      field,
      code: 'forbidden_attachment',
      message: `${field} (${filename}) is refused as executable: ${executable}`,
    });
  }
  return problems.length > 0 ? problems : { filename, contentType: input.contentType, content };
}

/**
 * Decodes and checks an email's attachments against the configured limits: strict base64,
 * size per file and in total after decoding, no executables unless allowed. Filenames are
 * sanitised. Throws `ValidationFailed` with every problem found.
 */
export function readAttachments(
  inputs: readonly AttachmentInput[],
  rules: AttachmentRules,
): AcceptedAttachments {
  const problems: FieldProblem[] = [];
  const files: OutboundAttachment[] = [];
  inputs.forEach((input, index) => {
    const read = readOne(input, index, rules);
    if (Array.isArray(read)) problems.push(...read);
    else files.push(read);
  });
  const total = files.reduce((sum, file) => sum + file.content.length, 0);
  if (total > rules.attachmentsMaxBytes) {
    problems.push({
      field: 'attachments',
      code: 'attachment_too_large',
      message: `the attachments are ${describeBytes(total)} together after decoding; the limit per email is ${describeBytes(rules.attachmentsMaxBytes)}`,
    });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return {
    records: files.map(({ filename, contentType, content }) => ({
      filename,
      contentType,
      size: content.length,
      sha256: sha256Hex(content),
    })),
    files,
  };
}
