import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_STATUSES } from '../../contract/message-status';
import type { CallbackRecord } from '../../dispatch/callbacks/callback-outbox';
import type { Message } from '../../message-log/message.model';
import { MessageDto } from '../../message-log/message.dto';

export class CallbackTryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ example: 503, description: 'The HTTP status the receiver answered' })
  status?: number;
  @ApiPropertyOptional({ example: 'HTTP 503' }) error?: string;
}

/** One status callback of a message: what it announced, where it stands, its tries. */
export class CallbackDto {
  @ApiProperty({ description: 'Sent as Switchboard-Event-Id', example: 'evt_…' }) eventId!: string;
  @ApiProperty({
    description: `The status it announces (${MESSAGE_STATUSES.join(', ')}), or with a message.event callback the event (unsubscribed)`,
  })
  status!: string;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED'] }) state!: string;
  @ApiProperty({ type: [CallbackTryDto] }) tries!: CallbackTryDto[];
  @ApiPropertyOptional({ format: 'date-time', description: 'When PENDING: the next try' })
  nextTryAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(record: CallbackRecord): CallbackDto {
    return {
      eventId: record.eventId,
      status: record.status,
      state: record.state,
      tries: record.tries.map((tried) => ({
        at: tried.at.toISOString(),
        ...(tried.status === undefined ? {} : { status: tried.status }),
        ...(tried.error === undefined ? {} : { error: tried.error }),
      })),
      ...(record.state === 'PENDING' ? { nextTryAt: record.nextTryAt.toISOString() } : {}),
      createdAt: record.createdAt.toISOString(),
    };
  }
}

/** One message as its own route shows it: the record, with the status callbacks made of it. */
export class MessageWithCallbacksDto extends MessageDto {
  @ApiPropertyOptional({
    type: [CallbackDto],
    description:
      'One message with a callbackUrl only (not lists): its status callbacks, oldest first',
  })
  callbacks?: CallbackDto[];

  static ofView(message: Message, callbacks: readonly CallbackRecord[]): MessageWithCallbacksDto {
    return Object.assign(
      MessageDto.of(message),
      message.callbackUrl ? { callbacks: callbacks.map((record) => CallbackDto.of(record)) } : {},
    );
  }
}

export class CallbacksReplayedDto {
  @ApiProperty({ description: 'Callbacks recorded again', example: 3 }) replayed!: number;
}
