import { Injectable } from '@nestjs/common';
import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import { phoneNumbersOf, type SendOptions } from '../../sending/send-request';
import type { SendWhatsappDto, WhatsappMediaDto, WhatsappTemplateDto } from './send-whatsapp.dto';
import type { WhatsAppContent, WhatsAppMedia } from '../../contract/content/whatsapp.content';
import type { SendOrigin } from '../../sending/send-origin';
import { SenderPolicy } from '../../identity/sender-policy';

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message }]);

const templateContent = (template: WhatsappTemplateDto): WhatsAppContent => ({
  contentSid: template.contentSid,
  ...(template.variables ? { contentVariables: template.variables } : {}),
});

const mediaItem = (media: WhatsappMediaDto): WhatsAppMedia => ({
  url: media.url,
  ...(media.contentType ? { contentType: media.contentType } : {}),
  ...(media.caption ? { caption: media.caption } : {}),
});

@Injectable()
export class WhatsappService {
  constructor(
    private readonly messages: SendService,
    private readonly urls: OutboundUrlPolicy,
    private readonly senders: SenderPolicy,
  ) {}

  async send(origin: SendOrigin, dto: SendWhatsappDto, options: SendOptions): Promise<SendAnswer> {
    if (dto.from) {
      await this.senders.check(origin, [{ field: 'from', kind: 'phone', sender: dto.from }]);
    }
    const content: WhatsAppContent = {
      ...this.messageContent(dto),
      ...(dto.from ? { from: dto.from } : {}),
    };
    return this.messages.accept(
      origin,
      {
        channel: 'whatsapp',
        to: [dto.to],
        phoneNumbers: phoneNumbersOf({ to: dto.to, from: dto.from }),
        content: { ...content },
        ...commonRequest(dto),
        body: dto,
      },
      options,
    );
  }

  /** A template, or free-form body and/or media: never both, never neither. */
  private messageContent(dto: SendWhatsappDto): WhatsAppContent {
    const media = dto.media ?? [];
    const freeForm = dto.body !== undefined || media.length > 0;
    if (dto.template) {
      if (freeForm) {
        throw problem(
          'template',
          'conflicting_content',
          'a template is sent as approved: leave out body and media',
        );
      }
      return templateContent(dto.template);
    }
    if (!freeForm) throw problem('body', 'message_empty', 'body, media or template is required');
    this.checkMedia(media, dto.body);
    return {
      ...(dto.body === undefined ? {} : { body: dto.body }),
      ...(media.length > 0 ? { media: media.map(mediaItem) } : {}),
    };
  }

  /** Twilio fetches each URL, so it must be public; a message carries one text, body or caption. */
  private checkMedia(media: readonly WhatsappMediaDto[], body: string | undefined): void {
    const problems: FieldProblem[] = [];
    media.forEach((item, index) => {
      const reason = this.urls.checkSyntax(item.url);
      if (reason) {
        problems.push({
          field: `media.${index}.url`,
          code: 'invalid_url',
          message: `url ${reason}`,
        });
      }
      if (item.caption && body !== undefined) {
        problems.push({
          field: `media.${index}.caption`,
          code: 'conflicting_content',
          message: 'Twilio sends the caption as the message body: give body or caption, not both',
        });
      }
    });
    if (problems.length > 0) throw new ValidationFailed(problems);
  }
}
