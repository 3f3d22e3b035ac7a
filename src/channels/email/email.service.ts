import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { InjectSettings } from '../../common/config/settings.module';
import type { GatewaySettings } from '../../contract/gateway-settings';
import { emailChannelSettings } from './email-settings';
import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import type { SendOptions, SendStash } from '../../sending/send-request';
import type { OutboundAttachment } from '../../contract/provider';
import { type RenderedMessage, TemplateRenderer } from '../../templates/template.renderer';
import { readAttachments } from './attachment-intake';
import { AttachmentStore } from './attachment.store';
import type { EmailContent } from '../../contract/content/email.content';
import { isHeaderValue } from './email-headers';
import { nestsDeeperThan, plainTextOf } from './plain-text';
import { MAX_PART_LENGTH, MAX_SUBJECT_LENGTH, type SendEmailDto } from './send-email.dto';
import type { SendOrigin } from '../../sending/send-origin';
import type { AppScope } from '../../identity/app-scope';
import { type SenderClaim, SenderPolicy } from '../../identity/sender-policy';
import { EmailEngagement } from './email-engagement';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the message says: its subject and parts, and the template they were rendered from. */
export type EmailBody = Pick<EmailContent, 'subject' | 'text' | 'html' | 'template'>;

/** Text with at least one visible character; blank parts count as absent. */
const visible = (text: string | undefined): text is string =>
  typeof text === 'string' && /\S/u.test(text);

/** The subject and parts the caller wrote: a subject and text or html, or every problem. */
function rawBody(dto: SendEmailDto): EmailBody {
  const problems: FieldProblem[] = [];
  const text = visible(dto.text) ? dto.text : undefined;
  const html = visible(dto.html) ? dto.html : undefined;
  const subject = visible(dto.subject) ? dto.subject : undefined;
  if (text === undefined && html === undefined) {
    problems.push({ field: 'text', code: 'message_empty', message: 'text or html is required' });
  }
  if (subject === undefined) {
    problems.push({ field: 'subject', code: 'missing_subject', message: 'subject is required' });
  }
  if (subject === undefined || problems.length > 0) throw new ValidationFailed(problems);
  return {
    subject,
    ...(text === undefined ? {} : { text }),
    ...(html === undefined ? {} : { html }),
  };
}

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message }]);

/** Template fields only go with a template; text and html do not (the template supplies them). */
function checkContentSource(dto: SendEmailDto): void {
  if (dto.template === undefined) {
    const orphan = dto.templateData === undefined ? undefined : 'templateData';
    const field = dto.templateVersion === undefined ? orphan : 'templateVersion';
    if (field) throw problem('template', 'missing_template', `${field} needs a template`);
    return;
  }
  const raw = (['text', 'html'] as const).filter((part) => dto[part] !== undefined);
  if (raw.length > 0) {
    throw new ValidationFailed(
      raw.map((part) => ({
        field: part,
        code: 'conflicting_content',
        message: `${part} cannot go with a template: the template makes the message`,
      })),
    );
  }
}

/**
 * What a template made, held to the rules of written content. The template compiled when it
 * was saved, so what fails here came from the data.
 */
function renderedBody(rendered: RenderedMessage): EmailBody {
  const { subject, template } = rendered;
  const fail = (code: string, message: string): ValidationFailed =>
    problem('templateData', code, message);
  if (!visible(subject)) throw fail('missing_subject', 'the template rendered an empty subject');
  if (!isHeaderValue(subject)) {
    throw fail('invalid_header', 'the rendered subject must be one line: no CR, LF or controls');
  }
  if (subject.length > MAX_SUBJECT_LENGTH) {
    throw fail('message_too_long', `the rendered subject is over ${MAX_SUBJECT_LENGTH} characters`);
  }
  const text = visible(rendered.text) ? rendered.text : undefined;
  const html = visible(rendered.html) ? rendered.html : undefined;
  if (text === undefined && html === undefined) {
    throw fail('message_empty', 'the template rendered neither text nor html');
  }
  for (const [part, value] of [
    ['text', text],
    ['html', html],
  ] as const) {
    if (value !== undefined && value.length > MAX_PART_LENGTH) {
      throw fail('message_too_long', `the rendered ${part} is over ${MAX_PART_LENGTH} characters`);
    }
  }
  return {
    subject,
    ...(text === undefined ? {} : { text }),
    ...(html === undefined ? {} : { html }),
    template,
  };
}

/**
 * An HTML body without a text part gets one made from it; an image-only one may stay without.
 * HTML nested deeper than `maxDepth` is refused before the conversion (`html_too_deep`).
 */
function withPlainText(body: EmailBody, maxDepth: number): EmailBody {
  if (body.text !== undefined || body.html === undefined) return body;
  if (nestsDeeperThan(body.html, maxDepth)) {
    throw problem(
      body.template ? 'templateData' : 'html',
      'html_too_deep',
      `the html nests elements deeper than ${maxDepth} levels: send a text part with it, or flatten it`,
    );
  }
  const text = plainTextOf(body.html);
  return text ? { ...body, text } : body;
}

/** The sender the message names: its `from`, or a `fromName` given on the default sender. */
function senderClaims(dto: SendEmailDto): SenderClaim[] {
  if (dto.from) return [{ field: 'from', kind: 'email', sender: dto.from }];
  return dto.fromName ? [{ field: 'fromName', kind: 'email', sender: undefined }] : [];
}

/** Sender, other recipients, headers and tags as stored: only what was given. */
function envelopeOf(dto: SendEmailDto): Omit<EmailContent, keyof EmailBody | 'attachments'> {
  return {
    ...(dto.from ? { from: dto.from } : {}),
    ...(dto.fromName ? { fromName: dto.fromName } : {}),
    ...(dto.replyTo?.length ? { replyTo: dto.replyTo } : {}),
    ...(dto.cc?.length ? { cc: dto.cc } : {}),
    ...(dto.bcc?.length ? { bcc: dto.bcc } : {}),
    ...(dto.headers && Object.keys(dto.headers).length > 0 ? { headers: dto.headers } : {}),
    ...(dto.tags?.length ? { tags: dto.tags.map(({ name, value }) => ({ name, value })) } : {}),
  };
}

@Injectable()
export class EmailService {
  constructor(
    @InjectSettings() private readonly settings: GatewaySettings,
    private readonly messages: SendService,
    private readonly attachments: AttachmentStore,
    private readonly templates: TemplateRenderer,
    private readonly engagement: EmailEngagement,
    private readonly clock: Clock,
    private readonly senders: SenderPolicy,
  ) {}

  async send(origin: SendOrigin, dto: SendEmailDto, options: SendOptions): Promise<SendAnswer> {
    await this.senders.check(origin, senderClaims(dto));
    const rules = emailChannelSettings.of(this.settings);
    const body = withPlainText(await this.messageBody(origin, dto), rules.htmlMaxDepth);
    const { records, files } = readAttachments(dto.attachments ?? [], rules);
    const content: EmailContent = {
      ...envelopeOf(dto),
      ...body,
      ...(records.length > 0 ? { attachments: records } : {}),
      ...(await this.engagement.of(origin, dto)),
    };
    return this.messages.accept(
      origin,
      {
        channel: 'email',
        to: dto.to,
        content: { ...content },
        ...commonRequest(dto),
        body: dto,
        ...(files.length > 0 ? { stash: this.stashOf(files) } : {}),
      },
      options,
    );
  }

  /** Where the subject and parts come from: the request, or a template rendered now. */
  private async messageBody(scope: AppScope, dto: SendEmailDto): Promise<EmailBody> {
    checkContentSource(dto);
    if (dto.template === undefined) return rawBody(dto);
    const rendered = await this.templates.render(
      scope,
      {
        template: dto.template,
        ...(dto.templateVersion === undefined ? {} : { version: dto.templateVersion }),
        ...(visible(dto.subject) ? { subject: dto.subject } : {}),
      },
      dto.templateData ?? {},
    );
    return renderedBody(rendered);
  }

  /** The attachment bytes, kept apart from the record for as long as messages are retained. */
  private stashOf(files: readonly OutboundAttachment[]): SendStash {
    return {
      save: (messageId) => {
        const savedAt = this.clock.now();
        const expiresAt = new Date(savedAt.getTime() + this.settings.retentionDays * DAY_MS);
        return this.attachments.save(messageId, files, { savedAt, expiresAt });
      },
      drop: (messageId) => this.attachments.drop(messageId),
    };
  }
}
