import { Injectable } from '@nestjs/common';
import type { AppScope } from '../messages/message.store';
import { MessagesService, type SendAnswer } from '../messages/messages.service';
import { commonRequest } from '../messages/send-common.dto';
import type { SendOptions } from '../messages/send-request';
import type { SendSmsDto } from './send-sms.dto';

@Injectable()
export class SmsService {
  constructor(private readonly messages: MessagesService) {}

  send(scope: AppScope, dto: SendSmsDto, options: SendOptions): Promise<SendAnswer> {
    return this.messages.accept(
      scope,
      {
        channel: 'sms',
        to: [dto.to],
        content: { body: dto.body, ...(dto.from ? { from: dto.from } : {}) },
        ...commonRequest(dto),
        body: dto,
      },
      options,
    );
  }
}
