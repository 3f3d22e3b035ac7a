import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { SendAnswer } from '../../sending/send.service';
import type { SendOptions } from '../../sending/send-request';
import type { ChannelRoute } from './channel-route';
import type { SendBroadcastDto } from './send-broadcast.dto';
import type { AppScope } from '../../identity/app-scope';

/** A channel's part of a broadcast is checked as its own route checks a body. */
export const channelBodyPipe = createValidationPipe();

/** A channel field in the caller's terms: `to` of an SMS is the broadcast's `phone`. */
function renamed(
  error: ValidationFailed,
  fields: Readonly<Record<string, string>>,
): ValidationFailed {
  const details = (error.details ?? []) as readonly FieldProblem[];
  return new ValidationFailed(
    details.map((problem) => ({ ...problem, field: fields[problem.field] ?? problem.field })),
    error.message,
  );
}

/** Hands one channel's part of a broadcast to that channel's own service. */
@Injectable()
export class ChannelSender {
  constructor(private readonly modules: ModuleRef) {}

  async send(
    route: ChannelRoute,
    scope: AppScope,
    broadcast: SendBroadcastDto,
    options: SendOptions,
  ): Promise<SendAnswer> {
    try {
      const dto = (await channelBodyPipe.transform(route.body(broadcast), {
        type: 'body',
        metatype: route.dto,
      })) as object;
      // The channel modules keep their services to themselves; the one instance is found here.
      const service = this.modules.get(route.service, { strict: false });
      return await service.send(scope, dto, options);
    } catch (error) {
      throw error instanceof ValidationFailed ? renamed(error, route.fields) : error;
    }
  }
}
