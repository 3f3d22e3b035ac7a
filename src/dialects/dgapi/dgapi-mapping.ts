import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import { readEmailContent } from '../../contract/content/email.content';
import { readSmsContent } from '../../contract/content/sms.content';
import { isRecord, text } from '../../contract/content/stored-content';
import type { MessageStatus } from '../../contract/message-status';
import type { MessageEvent } from '../../contract/message-event';
import { timelineOf } from '../../message-log/timeline';
import type { Message } from '../../message-log/message.model';
import { type DgapiEmailDto, type DgapiSmsDto, ENTITY } from './dgapi-request.dto';

/**
 * Where each unified field sits in its requests, to answer a problem under the name the caller
 * sent.
 */
export const DGAPI_FIELDS: Readonly<Record<string, string>> = {
  body: 'message',
  callbackUrl: 'callback_url',
  fromName: 'from_name',
  replyTo: 'reply_to',
  templateData: 'template_data',
};

/** The highest unified priority: a task's priority counts up to it. */
const TOP_PRIORITY = 10;

/** Copies `fields` without the absent ones. */
const given = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/** Its priorities are unbounded, ours 0 to 10: an integer counts within them, others are refused. */
const priorityOf = (priority: unknown): unknown =>
  Number.isInteger(priority) ? Math.min(TOP_PRIORITY, Math.max(0, priority as number)) : priority;

/** An entity names a task: `invalid_entity` (422) when it cannot. */
export function checkEntity(entity: string): void {
  if (ENTITY.test(entity)) return;
  throw new ValidationFailed([
    {
      field: 'entity',
      code: 'invalid_entity',
      message: 'entity must be 1 to 128 letters, digits, dots, underscores, colons or dashes',
    } satisfies FieldProblem,
  ]);
}

export const smsBody = (dto: DgapiSmsDto): Record<string, unknown> =>
  given({
    to: dto.to,
    from: dto.from,
    body: dto.message,
    callbackUrl: dto.callback_url,
    metadata: dto.metadata,
    priority: priorityOf(dto.priority),
  });

/** An attachment as the unified route takes it; anything but an object is left to its checks. */
const attachmentOf = (attachment: unknown): unknown =>
  isRecord(attachment)
    ? given({
        filename: attachment.filename,
        content: attachment.content,
        contentType: attachment.content_type,
      })
    : attachment;

/** A template email names its template and subject: the seed's own codes when either is absent. */
function checkTemplateFields(dto: DgapiEmailDto): void {
  const problems: FieldProblem[] = [];
  if (dto.subject === undefined || dto.subject === '') {
    problems.push({ field: 'subject', code: 'missing_subject', message: 'subject is required' });
  }
  if (dto.template === undefined || dto.template === '') {
    problems.push({ field: 'template', code: 'missing_template', message: 'template is required' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
}

export function emailBody(dto: DgapiEmailDto): Record<string, unknown> {
  checkTemplateFields(dto);
  return given({
    to: dto.to,
    cc: dto.cc,
    bcc: dto.bcc,
    from: dto.from,
    fromName: dto.from_name,
    replyTo: dto.reply_to,
    subject: dto.subject,
    template: dto.template,
    templateData: dto.template_data,
    attachments: Array.isArray(dto.attachments) ? dto.attachments.map(attachmentOf) : undefined,
    headers: dto.headers,
    metadata: dto.metadata,
    priority: priorityOf(dto.priority),
  });
}

/** A task's state: waiting, being worked on, done (handed over or delivered), or failed. */
const TASK_STATE: Readonly<Record<MessageStatus, string>> = {
  SCHEDULED: 'queued',
  QUEUED: 'queued',
  SENDING: 'processing',
  RETRYING: 'processing',
  SENT: 'completed',
  DELIVERED: 'completed',
  FAILED: 'failed',
  UNDELIVERABLE: 'failed',
  CANCELED: 'canceled',
};

const SMS_DELIVERY: Readonly<Record<MessageStatus, string>> = {
  SCHEDULED: 'queued',
  QUEUED: 'queued',
  SENDING: 'sending',
  RETRYING: 'sending',
  SENT: 'sent',
  DELIVERED: 'delivered',
  FAILED: 'failed',
  UNDELIVERABLE: 'undelivered',
  CANCELED: 'failed',
};

const EMAIL_DELIVERY: Readonly<Record<MessageStatus, string>> = {
  ...SMS_DELIVERY,
  UNDELIVERABLE: 'bounced',
};

/** What each event of ours says in a delivery log, and the status it shows. */
const LOG_LINES: Readonly<Partial<Record<string, readonly [string, string]>>> = {
  scheduled: ['queued', 'Task created and scheduled'],
  queued: ['queued', 'Task created and queued'],
  retrying: ['sending', 'Attempt failed, retrying'],
  sent: ['sent', 'Message sent to carrier'],
  delivered: ['delivered', 'Delivery confirmed'],
  failed: ['failed', 'Delivery failed'],
  undeliverable: ['undelivered', 'Message could not be delivered'],
  undelivered: ['undelivered', 'Message could not be delivered'],
  canceled: ['failed', 'Task canceled'],
};

const EMAIL_EVENTS: Readonly<Partial<Record<string, string>>> = {
  queued: 'Email task created',
  scheduled: 'Email task created and scheduled',
  sent: 'Email sent',
  delivered: 'Email delivered',
  opened: 'Email opened',
  clicked: 'Link clicked',
  bounced: 'Email bounced',
  complained: 'Marked as spam',
  unsubscribed: 'Recipient unsubscribed',
  failed: 'Sending failed',
  undeliverable: 'Email could not be delivered',
};

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** What every task shows; once it is read, when it was sent and delivered as well. */
const common = (message: Message, read: boolean): Record<string, unknown> => {
  const { sentAt, deliveredAt } = read ? timelineOf(message) : {};
  return {
    task_id: message.id,
    ...(message.reference ? { entity: message.reference } : {}),
    type: message.channel,
    state: TASK_STATE[message.status],
    created_at: message.createdAt.toISOString(),
    sent_at: iso(sentAt),
    delivered_at: iso(deliveredAt),
  };
};

/** An SMS task as created: its text counted. */
export function smsTask(message: Message): Record<string, unknown> {
  const sms = readSmsContent(message.content);
  return given({
    ...common(message, false),
    to: message.to[0],
    from: sms.from,
    message_length: sms.body.length,
    segments: sms.segments,
    metadata: message.metadata,
  });
}

const deliveryLog = (events: readonly MessageEvent[]): Record<string, string>[] =>
  events.flatMap((event) => {
    const line = LOG_LINES[event.type];
    if (line === undefined) return [];
    return [{ timestamp: event.at.toISOString(), status: line[0], message: line[1] }];
  });

/** An SMS task as read: its text and delivery, and its delivery log when asked for. */
export function smsStatus(message: Message, includes: ReadonlySet<string>): object {
  const sms = readSmsContent(message.content);
  return given({
    ...common(message, true),
    to: message.to[0],
    from: sms.from,
    message: sms.body,
    segments: sms.segments,
    delivery_status: SMS_DELIVERY[message.status],
    delivery_log: includes.has('delivery_log') ? deliveryLog(message.events) : undefined,
    metadata: message.metadata,
  });
}

/** The stored template's id the content was rendered from. */
const templateOf = (message: Message): string | undefined => {
  const { template } = message.content;
  return isRecord(template) ? text(template.id) : undefined;
};

/** An email task as created: the subject as rendered, the template as named. */
export function emailTask(message: Message, template: string): Record<string, unknown> {
  const email = readEmailContent(message.content);
  return given({
    ...common(message, false),
    to: [...message.to],
    cc: email.cc.length ? [...email.cc] : undefined,
    from: email.from,
    subject: email.subject,
    template,
    attachments_count: email.attachments.length,
    metadata: message.metadata,
  });
}

/**
 * What happened to the email, recipient by recipient: an event about the whole message is
 * shown for each recipient (to and cc) that has none of its own of that type.
 */
function emailEvents(message: Message, recipients: readonly string[]): Record<string, unknown>[] {
  const own = new Set(
    message.events.flatMap((event) =>
      event.recipient ? [`${event.type} ${event.recipient}`] : [],
    ),
  );
  return message.events.flatMap((event) => {
    const words = EMAIL_EVENTS[event.type];
    if (words === undefined) return [];
    const line = (recipient: string | null) => ({
      timestamp: event.at.toISOString(),
      event: event.type,
      recipient,
      message: words,
    });
    if (event.recipient) return [line(event.recipient)];
    if (event.type === 'queued' || event.type === 'scheduled') return [line(null)];
    return recipients.filter((to) => !own.has(`${event.type} ${to}`)).map(line);
  });
}

/** An email task as read: delivery, engagement, and its events and content when asked for. */
export function emailStatus(message: Message, includes: ReadonlySet<string>): object {
  const email = readEmailContent(message.content);
  const recipients = [...message.to, ...email.cc];
  return given({
    ...common(message, true),
    to: [...message.to],
    cc: email.cc.length ? [...email.cc] : undefined,
    from: email.from,
    subject: email.subject,
    template: templateOf(message),
    delivery_status: EMAIL_DELIVERY[message.status],
    events: includes.has('events') ? emailEvents(message, recipients) : undefined,
    opens: message.engagement?.opens ?? 0,
    clicks: message.engagement?.clicks ?? 0,
    content: includes.has('content') ? given({ html: email.html, text: email.text }) : undefined,
    metadata: message.metadata,
  });
}
