import { Injectable } from '@nestjs/common';
import type { AppScope } from '../messages/message.store';
import { MessagesService, type SendAnswer } from '../messages/messages.service';
import { commonRequest } from '../messages/send-common.dto';
import type { SendOptions } from '../messages/send-request';
import type { SendEmailDto } from './send-email.dto';

@Injectable()
export class EmailService {
  constructor(private readonly messages: MessagesService) {}

  send(scope: AppScope, dto: SendEmailDto, options: SendOptions): Promise<SendAnswer> {
    const content = {
      subject: dto.subject,
      ...(dto.from ? { from: dto.from } : {}),
      ...(dto.text === undefined ? {} : { text: dto.text }),
      ...(dto.html === undefined ? {} : { html: dto.html }),
    };
    return this.messages.accept(
      scope,
      { channel: 'email', to: dto.to, content, ...commonRequest(dto), body: dto },
      options,
    );
  }
}
