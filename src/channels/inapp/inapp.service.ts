import { Injectable } from '@nestjs/common';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import type { SendOptions } from '../../sending/send-request';
import type { InappContent } from '../../contract/content/inapp.content';
import type { SendInappDto } from './send-inapp.dto';
import type { SendOrigin } from '../../sending/send-origin';

const inappContent = (dto: SendInappDto): InappContent => ({
  ...(dto.subject === undefined ? {} : { subject: dto.subject }),
  body: dto.body,
});

/** Accepts in-app notifications into the pipeline; the `inbox` provider stores them. */
@Injectable()
export class InappService {
  constructor(private readonly messages: SendService) {}

  send(origin: SendOrigin, dto: SendInappDto, options: SendOptions): Promise<SendAnswer> {
    return this.messages.accept(
      origin,
      {
        channel: 'inapp',
        to: [dto.userId],
        content: { ...inappContent(dto) },
        ...commonRequest(dto),
        body: dto,
      },
      options,
    );
  }
}
