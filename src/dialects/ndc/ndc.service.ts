import { Injectable } from '@nestjs/common';
import { MessageLogService } from '../../api/messages/message-log.service';
import type { ListMessagesQuery } from '../../api/messages/list-messages.query';
import { EmailService } from '../../channels/email/email.service';
import { SendEmailDto } from '../../channels/email/send-email.dto';
import { SendSmsDto } from '../../channels/sms/send-sms.dto';
import { SmsService } from '../../channels/sms/sms.service';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { Principal } from '../../identity/principal';
import type { SendAnswer } from '../../sending/send-answer';
import type { SendOrigin } from '../../sending/send-origin';
import type { SendOptions } from '../../sending/send-request';
import {
  type NdcChannel,
  type NdcMessage,
  ndcMessage,
  ndcStatus,
  statusesOf,
  unifiedBody,
} from './ndc-mapping';
import type { NdcSendDto } from './ndc-send.dto';
import type { NdcListQuery } from './ndc-view.dto';

/** The unified routes' own checks, run on the body the envelope maps to. */
const unifiedChecks = createValidationPipe();

export interface NdcPage {
  readonly items: NdcMessage[];
  readonly cursor?: string;
}

/** The comms API over the channel services and the message log. */
@Injectable()
export class NdcService {
  constructor(
    private readonly email: EmailService,
    private readonly sms: SmsService,
    private readonly log: MessageLogService,
  ) {}

  async send(
    channel: NdcChannel,
    origin: SendOrigin,
    dto: NdcSendDto,
    options: SendOptions,
  ): Promise<SendAnswer> {
    const body = unifiedBody(channel, dto);
    if (channel === 'email') {
      const checked = (await unifiedChecks.transform(body, {
        type: 'body',
        metatype: SendEmailDto,
      })) as SendEmailDto;
      return this.email.send(origin, checked, options);
    }
    const checked = (await unifiedChecks.transform(body, {
      type: 'body',
      metatype: SendSmsDto,
    })) as SendSmsDto;
    return this.sms.send(origin, checked, options);
  }

  async get(principal: Principal, id: string): Promise<NdcMessage> {
    return ndcMessage((await this.log.get(principal, id)).message);
  }

  /**
   * A page of the log. A status that stands for several of ours is filtered on the page read,
   * which may then hold fewer items than asked for (as the comms API allows).
   */
  async list(principal: Principal, query: NdcListQuery): Promise<NdcPage> {
    const statuses = query.status ? statusesOf(query.status) : [];
    const filters: ListMessagesQuery = {
      ...(query.channel ? { channel: query.channel.toLowerCase() as NdcChannel } : {}),
      ...(statuses.length === 1 ? { status: statuses[0] } : {}),
      ...(query.after ? { after: query.after } : {}),
      ...(query.before ? { before: query.before } : {}),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    };
    const { page, nextCursor } = await this.log.list(principal, filters);
    const items = page.items
      .filter((message) => query.status === undefined || ndcStatus(message.status) === query.status)
      .map((message) => ndcMessage(message, false));
    return { items, ...(nextCursor ? { cursor: nextCursor } : {}) };
  }
}
