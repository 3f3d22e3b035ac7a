import { Injectable } from '@nestjs/common';
import { MessageLogService } from '../../api/messages/message-log.service';
import { EmailService } from '../../channels/email/email.service';
import { SendEmailDto } from '../../channels/email/send-email.dto';
import { SendSmsDto } from '../../channels/sms/send-sms.dto';
import { SmsService } from '../../channels/sms/sms.service';
import { NotFound } from '../../common/errors/api-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { Channel } from '../../contract/channel';
import type { Principal } from '../../identity/principal';
import type { Message } from '../../message-log/message.model';
import type { SendOrigin } from '../../sending/send-origin';
import { sendOptions } from '../../sending/send-options';
import type { SendOptions } from '../../sending/send-request';
import {
  checkEntity,
  emailBody,
  emailStatus,
  emailTask,
  smsBody,
  smsStatus,
  smsTask,
} from './dgapi-mapping';
import type { DgapiEmailDto, DgapiSmsDto } from './dgapi-request.dto';

/** The unified routes' own checks, run on the body a request maps to. */
const unifiedChecks = createValidationPipe();

/** Our ids are `msg_…`; anything else in a task's place is an entity. */
const MESSAGE_ID = /^msg_/;

/** An entity is the task's key: the same entity and request make one task. */
const byEntity = (channel: Channel, entity: string): SendOptions => ({
  idempotencyKey: `dgapi:${channel}:${entity}`,
  reference: entity,
});

/** What a look-up found, or undefined when it found nothing (other failures stay failures). */
const unlessNotFound = <T>(lookup: Promise<T>): Promise<T | undefined> =>
  lookup.catch((error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  });

/** `include=a,b` as a set. */
const includesOf = (include: string | undefined): Set<string> =>
  new Set((include ?? '').split(',').map((part) => part.trim()));

/** The Disposition Gateway's SMS and email tasks, as messages of the pipeline. */
@Injectable()
export class DgapiService {
  constructor(
    private readonly sms: SmsService,
    private readonly email: EmailService,
    private readonly log: MessageLogService,
  ) {}

  async sendSms(origin: SendOrigin, entity: string, dto: DgapiSmsDto): Promise<object> {
    checkEntity(entity);
    const checked = (await unifiedChecks.transform(smsBody(dto), {
      type: 'body',
      metatype: SendSmsDto,
    })) as SendSmsDto;
    const answer = await this.sms.send(origin, checked, byEntity('sms', entity));
    return smsTask(answer.message);
  }

  async sendEmail(
    origin: SendOrigin,
    dto: DgapiEmailDto,
    idempotencyKey: string | undefined,
  ): Promise<object> {
    const options =
      dto.entity === undefined
        ? sendOptions(idempotencyKey, undefined)
        : byEntity('email', dto.entity);
    const checked = (await unifiedChecks.transform(emailBody(dto), {
      type: 'body',
      metatype: SendEmailDto,
    })) as SendEmailDto;
    const answer = await this.email.send(origin, checked, options);
    return emailTask(answer.message, checked.template ?? '');
  }

  async smsStatus(principal: Principal, task: string, include?: string): Promise<object> {
    return smsStatus(await this.find(principal, 'sms', task), includesOf(include));
  }

  async emailStatus(principal: Principal, task: string, include?: string): Promise<object> {
    return emailStatus(await this.find(principal, 'email', task), includesOf(include));
  }

  /** A task by its id or, failing that, by its entity. */
  private async find(principal: Principal, channel: Channel, task: string): Promise<Message> {
    if (MESSAGE_ID.test(task)) {
      const view = await unlessNotFound(this.log.get(principal, task));
      if (view?.message.channel === channel) return view.message;
    }
    const found = await unlessNotFound(this.log.findByReference(principal, channel, task));
    if (!found) throw new NotFound(`No ${channel} task ${task}.`);
    return found;
  }
}
