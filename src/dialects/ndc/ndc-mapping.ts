import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import { readEmailContent } from '../../contract/content/email.content';
import { readSmsContent } from '../../contract/content/sms.content';
import { isRecord, text } from '../../contract/content/stored-content';
import type { MessageStatus } from '../../contract/message-status';
import { recipientsShown } from '../../contract/recipients-shown';
import type { ListedMessage } from '../../message-log/message-log';
import type { Attempt } from '../../message-log/message.model';
import type { NdcSendDto, NdcSmsSendDto } from './ndc-send.dto';

/** The comms API's delivery statuses. */
export const NDC_STATUSES = [
  'PROCESSING',
  'ACCEPTED_BY_PROVIDER',
  'DELIVERED',
  'RETRYING',
  'FAILED',
  'UNDELIVERABLE',
] as const;
export type NdcStatus = (typeof NDC_STATUSES)[number];

/** Ours in its terms: waiting or being sent is PROCESSING; a canceled message FAILED. */
const STATUS: Readonly<Record<MessageStatus, NdcStatus>> = {
  SCHEDULED: 'PROCESSING',
  QUEUED: 'PROCESSING',
  SENDING: 'PROCESSING',
  RETRYING: 'RETRYING',
  SENT: 'ACCEPTED_BY_PROVIDER',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
  UNDELIVERABLE: 'UNDELIVERABLE',
  CANCELED: 'FAILED',
};

export const ndcStatus = (status: MessageStatus): NdcStatus => STATUS[status];

/** The statuses of ours one of its statuses stands for. */
export const statusesOf = (status: NdcStatus): MessageStatus[] =>
  (Object.keys(STATUS) as MessageStatus[]).filter((ours) => STATUS[ours] === status);

/** The channels the envelope carries, by the route's name. */
export const NDC_CHANNELS = ['email', 'sms'] as const;
export type NdcChannel = (typeof NDC_CHANNELS)[number];

/**
 * Where each unified field sits in the envelope, to answer a problem under the name the caller
 * sent (email's `text` and SMS's `body` are both `content.body`).
 */
export const NDC_FIELDS: Readonly<Record<string, string>> = {
  to: 'destination.to',
  cc: 'destination.cc',
  bcc: 'destination.bcc',
  from: 'sender.fromAddress',
  fromName: 'sender.fromName',
  replyTo: 'sender.replyTo',
  subject: 'content.subject',
  text: 'content.body',
  html: 'content.body',
  body: 'content.body',
  template: 'content.templateId',
  templateVersion: 'content.templateId',
  templateData: 'content.templateParams',
};

/** Copies `fields` without the absent ones. */
const given = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

const refuse = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message } satisfies FieldProblem]);

/** Refuses the envelope fields a channel has no place for. */
function refuseFields(fields: Record<string, unknown>, channel: NdcChannel): void {
  const extra = Object.entries(fields).find(([, value]) => value !== undefined)?.[0];
  if (extra) throw refuse(extra, 'unknown_field', `${extra} is not taken for ${channel}`);
}

/** The content's source: raw text, or a stored template with its parameters. */
function emailContent({ content }: NdcSendDto): Record<string, unknown> {
  if (content.type === 'raw') {
    refuseFields(
      {
        'content.templateId': content.templateId,
        'content.templateParams': content.templateParams,
      },
      'email',
    );
    return { subject: content.subject, text: content.body };
  }
  if (content.templateId === undefined) {
    throw refuse('content.templateId', 'missing_template', 'a template content needs templateId');
  }
  refuseFields({ 'content.body': content.body }, 'email');
  return {
    template: content.templateId,
    templateData: content.templateParams,
    subject: content.subject,
  };
}

/** The envelope as the unified email route takes its body. */
export function emailBody(dto: NdcSendDto): Record<string, unknown> {
  return given({
    to: dto.destination.to,
    cc: dto.destination.cc,
    bcc: dto.destination.bcc,
    from: dto.sender.fromAddress,
    fromName: dto.sender.fromName,
    replyTo: dto.sender.replyTo,
    ...emailContent(dto),
    metadata: dto.metadata,
    scheduledAt: dto.scheduledAt,
  });
}

/** The envelope as the unified SMS route takes its body: one number, raw text. */
export const smsBody = (dto: NdcSmsSendDto): Record<string, unknown> =>
  given({
    to: dto.destination.to[0],
    from: dto.sender.fromAddress,
    body: dto.content.body,
    metadata: dto.metadata,
    scheduledAt: dto.scheduledAt,
  });

export interface NdcContent {
  readonly type: 'raw' | 'template';
  readonly subject?: string;
  readonly body?: string;
  readonly templateId?: string;
}

export interface NdcAttempt {
  readonly provider: string;
  readonly status: NdcStatus;
  readonly errorCategory?: string;
  readonly durationMs: number;
  readonly timestamp: string;
}

export interface NdcMessage {
  readonly messageId: string;
  readonly channel: string;
  readonly status: NdcStatus;
  readonly destination: { readonly to: string[]; readonly cc?: string[]; readonly bcc?: string[] };
  readonly content: NdcContent;
  readonly metadata: Record<string, string>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: NdcAttempt[];
}

const attemptOf = (attempt: Attempt): NdcAttempt => ({
  provider: attempt.provider,
  status: ndcStatus(attempt.status),
  ...(attempt.errorCategory ? { errorCategory: attempt.errorCategory } : {}),
  durationMs: attempt.durationMs,
  timestamp: attempt.timestamp.toISOString(),
});

/** Longest body a list item shows: a page is a summary, the record has the whole text. */
const LIST_BODY_LENGTH = 200;

const shortened = (body: string, whole: boolean): string =>
  whole || body.length <= LIST_BODY_LENGTH ? body : `${body.slice(0, LIST_BODY_LENGTH)}…`;

/**
 * The content of the channels the envelope carries; of another channel, or of a list item (lists
 * read summaries, so that a page stays small whatever was sent), its kind only.
 */
function contentOf(message: ListedMessage, whole: boolean): NdcContent {
  if (message.content === undefined) return { type: 'raw' };
  if (message.channel === 'sms') {
    return { type: 'raw', body: shortened(readSmsContent(message.content).body, whole) };
  }
  if (message.channel !== 'email') return { type: 'raw' };
  const email = readEmailContent(message.content);
  const body = shortened(email.text ?? email.html ?? '', whole);
  const stored = message.content.template;
  const templateId = isRecord(stored) ? text(stored.id) : undefined;
  return templateId === undefined
    ? { type: 'raw', subject: email.subject, body }
    : { type: 'template', templateId, subject: email.subject, body };
}

function destinationOf(message: ListedMessage): NdcMessage['destination'] {
  const to = recipientsShown(message.channel, message.to);
  if (message.channel !== 'email' || message.content === undefined) return { to };
  const { cc, bcc } = readEmailContent(message.content);
  return { to, ...(cc.length ? { cc: [...cc] } : {}), ...(bcc.length ? { bcc: [...bcc] } : {}) };
}

/** A message as the comms API shows it; a list item (`whole` false) shortens the body. */
export const ndcMessage = (message: ListedMessage, whole = true): NdcMessage => ({
  messageId: message.id,
  channel: message.channel.toUpperCase(),
  status: ndcStatus(message.status),
  destination: destinationOf(message),
  content: contentOf(message, whole),
  metadata: { ...message.metadata },
  createdAt: message.createdAt.toISOString(),
  updatedAt: message.updatedAt.toISOString(),
  attempts: message.attempts.map(attemptOf),
});
