import { Injectable } from '@nestjs/common';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import { phoneNumbersOf, type SendOptions } from '../../sending/send-request';
import { countSegments } from './segment-counter';
import type { SendSmsDto } from './send-sms.dto';
import type { SmsContent } from '../../contract/content/sms.content';
import type { SendOrigin } from '../../sending/send-origin';
import { type SenderClaim, SenderPolicy } from '../../identity/sender-policy';

/** The stored content of an SMS: the text, its sender and how it travels. */
function smsContent(dto: SendSmsDto): SmsContent {
  const { segments, encoding } = countSegments(dto.body);
  return {
    body: dto.body,
    ...(dto.from ? { from: dto.from } : {}),
    ...(dto.messagingServiceSid ? { messagingServiceSid: dto.messagingServiceSid } : {}),
    segments,
    encoding,
  };
}

/** The number, sender id or Messaging Service the text is to come from. */
const senderClaims = (dto: SendSmsDto): SenderClaim[] => [
  ...(dto.from ? [{ field: 'from', kind: 'phone', sender: dto.from } as const] : []),
  ...(dto.messagingServiceSid
    ? [{ field: 'messagingServiceSid', kind: 'phone', sender: dto.messagingServiceSid } as const]
    : []),
];

@Injectable()
export class SmsService {
  constructor(
    private readonly messages: SendService,
    private readonly senders: SenderPolicy,
  ) {}

  async send(origin: SendOrigin, dto: SendSmsDto, options: SendOptions): Promise<SendAnswer> {
    await this.senders.check(origin, senderClaims(dto));
    return this.messages.accept(
      origin,
      {
        channel: 'sms',
        to: [dto.to],
        phoneNumbers: phoneNumbersOf({ to: dto.to, from: dto.from }),
        content: { ...smsContent(dto) },
        ...commonRequest(dto),
        body: dto,
      },
      options,
    );
  }
}
