import type { FactoryProvider } from '@nestjs/common';
import { CHANNELS, type Channel } from '../../contract/channel';
import { channelBody } from '../../sending/channel-body';
import type { SendAnswer } from '../../sending/send-answer';
import type { SendOrigin } from '../../sending/send-origin';
import type { SendOptions } from '../../sending/send-request';
import type { ChannelService } from './channel-route';
import { CHANNEL_ROUTES } from './channels/channel-routes';
import type { SendBroadcastDto } from './send-broadcast.dto';

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
    const dto = await channelBody(route.dto, route.body(broadcast), route.fields);
    return this.services[channel].send(origin, dto, options);
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
