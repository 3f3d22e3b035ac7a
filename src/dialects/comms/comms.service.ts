import { Injectable, type Type } from '@nestjs/common';
import { EmailService } from '../../channels/email/email.service';
import { SendEmailDto } from '../../channels/email/send-email.dto';
import { SendSmsDto } from '../../channels/sms/send-sms.dto';
import { SmsService } from '../../channels/sms/sms.service';
import { SendVoiceDto } from '../../channels/voice/send-voice.dto';
import { VoiceService } from '../../channels/voice/voice.service';
import { readSmsContent } from '../../contract/content/sms.content';
import { givenFields } from '../../sending/channel-body';
import type { SendOrigin } from '../../sending/send-origin';
import { type ChannelSendService, sendAndWait, type WaitedSend } from '../../sending/waited-send';
import type {
  CommsCallDto,
  CommsCallMadeDto,
  CommsEmailDto,
  CommsEmailSentDto,
  CommsSmsDto,
  CommsSmsSentDto,
} from './comms.dto';

/**
 * How long a send waits for the provider to take the message before answering: the service
 * answered once its provider had, so clients expect the outcome in the answer.
 */
export const COMMS_WAIT_SECONDS = 10;

/** The Communications Service's sends, through the email, SMS and voice channels' services. */
@Injectable()
export class CommsService {
  constructor(
    private readonly email: EmailService,
    private readonly sms: SmsService,
    private readonly voice: VoiceService,
  ) {}

  async sendEmail(
    origin: SendOrigin,
    dto: CommsEmailDto,
    key?: string,
  ): Promise<CommsEmailSentDto> {
    const body = givenFields({
      to: dto.to,
      subject: dto.subject,
      text: dto.text,
      html: dto.html,
      from: dto.from_email,
      cc: dto.cc,
      bcc: dto.bcc,
      replyTo: dto.reply_to,
      tags: dto.tags,
    });
    const fields = { from: 'from_email', replyTo: 'reply_to' };
    const { message, settled } = await this.send(
      this.email,
      SendEmailDto,
      body,
      fields,
      origin,
      key,
    );
    return {
      id: message.id,
      to: [...message.to],
      status: settled ? 'sent' : 'queued',
      message: settled ? 'Email sent successfully' : 'Email queued for delivery',
    };
  }

  async sendSms(origin: SendOrigin, dto: CommsSmsDto, key?: string): Promise<CommsSmsSentDto> {
    const body = givenFields({ to: dto.to, body: dto.body, from: dto.from_number });
    const fields = { from: 'from_number' };
    const { message, settled } = await this.send(this.sms, SendSmsDto, body, fields, origin, key);
    return {
      sid: message.id,
      to: message.to[0] ?? '',
      status: settled ? 'sent' : 'queued',
      segments: readSmsContent(message.content).segments ?? 1,
      message: settled ? 'SMS sent successfully' : 'SMS queued for delivery',
    };
  }

  async makeCall(origin: SendOrigin, dto: CommsCallDto, key?: string): Promise<CommsCallMadeDto> {
    const body = givenFields({
      to: dto.to,
      twimlUrl: dto.twiml_url,
      from: dto.from_number,
      timeout: dto.timeout,
    });
    const fields = { twimlUrl: 'twiml_url', from: 'from_number' };
    const { message } = await this.send(this.voice, SendVoiceDto, body, fields, origin, key);
    // A call the provider took is queued at its end until the phone rings.
    return {
      sid: message.id,
      to: message.to[0] ?? '',
      status: 'queued',
      message: 'Call initiated successfully',
    };
  }

  private send<Dto extends object>(
    service: ChannelSendService<Dto>,
    dto: Type<Dto>,
    body: Record<string, unknown>,
    fields: Record<string, string>,
    origin: SendOrigin,
    idempotencyKey: string | undefined,
  ): Promise<WaitedSend> {
    return sendAndWait({ service, dto, body, fields }, origin, COMMS_WAIT_SECONDS, idempotencyKey);
  }
}
