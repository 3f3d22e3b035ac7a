import type { FactoryProvider } from '@nestjs/common';
import { type FieldProblem, ValidationFailed } from '../../common/errors/api-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { CHANNELS, type Channel } from '../../contract/channel';
import type { SendAnswer } from '../../sending/send-answer';
import type { SendOrigin } from '../../sending/send-origin';
import type { SendOptions } from '../../sending/send-request';
import type { ChannelService } from './channel-route';
import { CHANNEL_ROUTES } from './channels/channel-routes';
import type { SendBroadcastDto } from './send-broadcast.dto';

/** A channel's part of a broadcast is checked as its own route checks a body. */
export const channelBodyPipe = createValidationPipe();

/** A problem in the caller's terms: its field, and the field its message starts with. */
function renamedProblem(problem: FieldProblem, caller: string | undefined): FieldProblem {
  if (caller === undefined) return problem;
  const message = problem.message.startsWith(`${problem.field} `)
    ? `${caller}${problem.message.slice(problem.field.length)}`
    : problem.message;
  return { ...problem, field: caller, message };
}

/** Channel fields in the caller's terms: `to` of an SMS is the broadcast's `phone`. */
function renamed(
  error: ValidationFailed,
  fields: Readonly<Record<string, string>>,
): ValidationFailed {
  const details = (error.details ?? []) as readonly FieldProblem[];
  return new ValidationFailed(
    details.map((problem) => renamedProblem(problem, fields[problem.field])),
    error.message,
  );
}

/** Each channel's service, the one instance its channel module exports. */
export type ChannelServices = Readonly<Record<Channel, ChannelService<object>>>;

/** Hands one channel's part of a broadcast to that channel's own service. */
export class ChannelSender {
  constructor(private readonly services: ChannelServices) {}

  async send(
    channel: Channel,
    origin: SendOrigin,
    broadcast: SendBroadcastDto,
    options: SendOptions,
  ): Promise<SendAnswer> {
    const route = CHANNEL_ROUTES[channel];
    try {
      const dto = (await channelBodyPipe.transform(route.body(broadcast), {
        type: 'body',
        metatype: route.dto,
      })) as object;
      return await this.services[channel].send(origin, dto, options);
    } catch (error) {
      throw error instanceof ValidationFailed ? renamed(error, route.fields) : error;
    }
  }
}

/** The sender, given the service each channel route names, as the channel modules export it. */
export const channelSenderProvider: FactoryProvider<ChannelSender> = {
  provide: ChannelSender,
  inject: CHANNELS.map((channel) => CHANNEL_ROUTES[channel].service),
  useFactory: (...services: ChannelService<object>[]) =>
    new ChannelSender(
      // `inject` lists one service per channel, in the order of CHANNELS.
      Object.fromEntries(
        CHANNELS.map((channel, index) => [channel, services[index]]),
      ) as ChannelServices,
    ),
};
