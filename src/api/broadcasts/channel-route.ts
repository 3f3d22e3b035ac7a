import type { Type } from '@nestjs/common';
import type { SendAnswer } from '../../sending/send-answer';
import type { SendOrigin } from '../../sending/send-origin';
import type { SendOptions } from '../../sending/send-request';
import type { SendBroadcastDto } from './send-broadcast.dto';

/** What every channel module offers: the send its own route makes. */
export interface ChannelService<Dto> {
  send(origin: SendOrigin, dto: Dto, options: SendOptions): Promise<SendAnswer>;
}

/**
 * How a broadcast reaches one channel: the body that channel's route would have been sent,
 * built from the broadcast, then validated and sent exactly as that route does it.
 */
export interface ChannelRoute<Dto extends object = object> {
  /** The channel's service class: its module exports it, the broadcast module injects it. */
  readonly service: Type<ChannelService<Dto>>;
  /** The channel route's body class. */
  readonly dto: Type<Dto>;
  readonly body: (broadcast: SendBroadcastDto) => Record<string, unknown>;
  /** Broadcast field a channel field was made from, so that errors name what the caller sent. */
  readonly fields: Readonly<Record<string, string>>;
}

/** The fields every send takes, as the broadcast has them. */
export function commonFields(broadcast: SendBroadcastDto): Record<string, unknown> {
  const { metadata, scheduledAt, priority, callbackUrl } = broadcast;
  return { metadata, scheduledAt, priority, callbackUrl };
}
