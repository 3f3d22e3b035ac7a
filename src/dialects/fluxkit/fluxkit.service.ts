import { Injectable } from '@nestjs/common';
import { EmailService } from '../../channels/email/email.service';
import { SendEmailDto } from '../../channels/email/send-email.dto';
import { SendSmsDto } from '../../channels/sms/send-sms.dto';
import { SmsService } from '../../channels/sms/sms.service';
import { SendWhatsappDto } from '../../channels/whatsapp/send-whatsapp.dto';
import { WhatsappService } from '../../channels/whatsapp/whatsapp.service';
import type { Channel } from '../../contract/channel';
import { givenFields } from '../../sending/channel-body';
import type { SendOrigin } from '../../sending/send-origin';
import { type ChannelSend, sendAndWait } from '../../sending/waited-send';
import type {
  FluxkitEmailDto,
  FluxkitSentDto,
  FluxkitSmsDto,
  FluxkitTemplateEmailDto,
  FluxkitWhatsappDto,
} from './fluxkit.dto';

/**
 * How long a send waits for the provider to take the message: the messaging API answered with
 * the provider's outcome (`sent`, or SEND_FAILED), so clients expect it in the answer.
 */
export const FLUXKIT_WAIT_SECONDS = 10;

/** The messaging API's sends, through the email, SMS and WhatsApp channels' services. */
@Injectable()
export class FluxkitService {
  constructor(
    private readonly email: EmailService,
    private readonly sms: SmsService,
    private readonly whatsapp: WhatsappService,
  ) {}

  sendEmail(origin: SendOrigin, dto: FluxkitEmailDto, key?: string): Promise<FluxkitSentDto> {
    const { to, subject, body, text, cc, bcc, replyTo } = dto;
    const unified = givenFields({ to, subject, html: body, text, cc, bcc, replyTo });
    const send = {
      service: this.email,
      dto: SendEmailDto,
      body: unified,
      fields: { html: 'body' },
    };
    return this.send('email', send, origin, to, key);
  }

  async sendTemplate(
    origin: SendOrigin,
    dto: FluxkitTemplateEmailDto,
    key?: string,
  ): Promise<FluxkitSentDto> {
    const { to, template, data, cc, bcc, replyTo } = dto;
    const unified = givenFields({ to, template, templateData: data, cc, bcc, replyTo });
    const fields = { templateData: 'data' };
    const send = { service: this.email, dto: SendEmailDto, body: unified, fields };
    const sent = await this.send('email', send, origin, to, key);
    return Object.assign(sent, { template });
  }

  sendSms(origin: SendOrigin, dto: FluxkitSmsDto, key?: string): Promise<FluxkitSentDto> {
    const send = {
      service: this.sms,
      dto: SendSmsDto,
      body: givenFields({ to: dto.to, body: dto.body }),
    };
    return this.send('sms', send, origin, dto.to, key);
  }

  sendWhatsapp(origin: SendOrigin, dto: FluxkitWhatsappDto, key?: string): Promise<FluxkitSentDto> {
    const media = dto.media === undefined ? undefined : [dto.media];
    const body = givenFields({ to: dto.to, body: dto.body, media });
    const send = { service: this.whatsapp, dto: SendWhatsappDto, body };
    return this.send('whatsapp', send, origin, dto.to, key);
  }

  private async send<Dto extends object>(
    channel: Channel,
    send: ChannelSend<Dto>,
    origin: SendOrigin,
    to: string | string[],
    key: string | undefined,
  ): Promise<FluxkitSentDto> {
    const { message, settled } = await sendAndWait(send, origin, FLUXKIT_WAIT_SECONDS, key);
    return {
      messageId: message.id,
      status: settled ? 'sent' : message.status.toLowerCase(),
      channel,
      to,
    };
  }
}
