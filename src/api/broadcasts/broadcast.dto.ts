import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorDto } from '../../common/errors/error.dto';
import { type Message } from '../../message-log/message.model';
import type { Broadcast, ChannelError, ChannelOutcome } from './broadcast.model';
import { CHANNELS } from '../../contract/channel';
import { MESSAGE_STATUSES } from '../../contract/message-status';

export class ChannelResultDto {
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ description: 'Whether the channel accepted its message' }) success!: boolean;

  @ApiPropertyOptional({
    example: 'msg_6553f1a0c9e77a12b3c4d5e6',
    description: "The channel's message, read at GET /messages/{id}",
  })
  messageId?: string;

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES }) status?: string;

  @ApiPropertyOptional({
    type: ErrorDto,
    description: 'Why the channel did not take its part, in the error shape of its own route',
  })
  error?: ChannelError;

  static of(outcome: ChannelOutcome, current?: Message): ChannelResultDto {
    const status = current?.status ?? outcome.status;
    return {
      channel: outcome.channel,
      success: outcome.success,
      ...(outcome.messageId === undefined ? {} : { messageId: outcome.messageId }),
      ...(status === undefined ? {} : { status }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
  }
}

/** The answer to a broadcast: 200 whatever each channel made of it. */
export class BroadcastAnswerDto {
  @ApiProperty({ example: 'brd_6553f1a0c9e77a12b3c4d5e6' }) broadcastId!: string;
  @ApiProperty({ type: [ChannelResultDto], description: 'One per chosen channel, in order' })
  results!: ChannelResultDto[];

  static of(broadcast: Broadcast): BroadcastAnswerDto {
    return {
      broadcastId: broadcast.id,
      results: broadcast.outcomes.map((outcome) => ChannelResultDto.of(outcome)),
    };
  }
}

/** A stored broadcast with each message's current status. */
export class BroadcastDto extends BroadcastAnswerDto {
  @ApiProperty({ example: 'app_6553f1a0c9e77a12b3c4d5e6' }) appId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static ofCurrent(broadcast: Broadcast, messages: ReadonlyMap<string, Message>): BroadcastDto {
    return {
      broadcastId: broadcast.id,
      appId: broadcast.appId,
      createdAt: broadcast.createdAt.toISOString(),
      results: broadcast.outcomes.map((outcome) =>
        ChannelResultDto.of(
          outcome,
          outcome.messageId === undefined ? undefined : messages.get(outcome.messageId),
        ),
      ),
    };
  }
}
