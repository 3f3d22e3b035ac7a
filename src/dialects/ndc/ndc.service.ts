import { Injectable } from '@nestjs/common';
import { MessageLogService } from '../../api/messages/message-log.service';
import { CONTENT_PAGE_LIMIT } from '../../api/messages/list-messages.query';
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
  emailBody,
  type NdcChannel,
  type NdcMessage,
  ndcMessage,
  ndcStatus,
  smsBody,
  statusesOf,
} from './ndc-mapping';
import type { NdcSendDto, NdcSmsSendDto } from './ndc-send.dto';
import type { NdcListQuery } from './ndc-view.dto';

/** The unified routes' own checks, run on the body the envelope maps to. */
const unifiedChecks = createValidationPipe();

/** The mapped body as the unified route's DTO, through its checks. */
const checkedAs = async <T>(body: Record<string, unknown>, metatype: new () => T): Promise<T> =>
  (await unifiedChecks.transform(body, { type: 'body', metatype })) as T;

/** The comms API's page size when none is asked for. */
const DEFAULT_PAGE_LIMIT = 20;

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

  async sendEmail(origin: SendOrigin, dto: NdcSendDto, options: SendOptions): Promise<SendAnswer> {
    return this.email.send(origin, await checkedAs(emailBody(dto), SendEmailDto), options);
  }

  async sendSms(origin: SendOrigin, dto: NdcSmsSendDto, options: SendOptions): Promise<SendAnswer> {
    return this.sms.send(origin, await checkedAs(smsBody(dto), SendSmsDto), options);
  }

  async get(principal: Principal, id: string): Promise<NdcMessage> {
    return ndcMessage((await this.log.get(principal, id)).message);
  }

  /**
   * A page of the log. A status that stands for several of ours is filtered on the page read,
   * which may then hold fewer items than asked for (as the comms API allows). Items show the
   * start of their body, so the log is read with content, a few messages at a time: memory
   * stays bounded whatever was sent, while the answer holds the page asked for.
   */
  async list(principal: Principal, query: NdcListQuery): Promise<NdcPage> {
    const statuses = query.status ? statusesOf(query.status) : [];
    const filters = {
      ...(query.channel ? { channel: query.channel.toLowerCase() as NdcChannel } : {}),
      ...(statuses.length === 1 ? { status: statuses[0] } : {}),
      ...(query.after ? { after: query.after } : {}),
      ...(query.before ? { before: query.before } : {}),
      include: 'content' as const,
    };
    const items: NdcMessage[] = [];
    let remaining = query.limit ?? DEFAULT_PAGE_LIMIT;
    let cursor = query.cursor;
    do {
      const limit = Math.min(remaining, CONTENT_PAGE_LIMIT);
      const read = await this.log.list(principal, {
        ...filters,
        limit,
        ...(cursor ? { cursor } : {}),
      });
      items.push(
        ...read.page.items
          .filter(
            (message) => query.status === undefined || ndcStatus(message.status) === query.status,
          )
          .map((message) => ndcMessage(message, false)),
      );
      remaining -= read.page.items.length;
      cursor = read.nextCursor;
    } while (remaining > 0 && cursor !== undefined);
    return { items, ...(cursor ? { cursor } : {}) };
  }
}
