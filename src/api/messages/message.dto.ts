import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Message } from '../../message-log/message.model';
import { CHANNELS } from '../../contract/channel';
import { MESSAGE_STATUSES } from '../../contract/message-status';
import { ERROR_CATEGORIES } from '../../contract/error-category';
import { recipientsShown } from '../../contract/recipients-shown';
import type { CallbackRecord } from '../../dispatch/callbacks/callback-outbox';

export class AttemptDto {
  @ApiProperty({ example: 'ses-primary' }) provider!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiPropertyOptional({ enum: ERROR_CATEGORIES }) errorCategory?: string;
  @ApiPropertyOptional() errorMessage?: string;
  @ApiPropertyOptional() providerMessageId?: string;
  @ApiProperty({ example: 412 }) durationMs!: number;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
}

export class EventDto {
  @ApiProperty({ example: 'delivered' }) type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional() recipient?: string;
  @ApiPropertyOptional() detail?: string;
}

export class CallbackTryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ example: 503, description: 'The HTTP status the receiver answered' })
  status?: number;
  @ApiPropertyOptional({ example: 'HTTP 503' }) error?: string;
}

/** One status callback of a message: what it announced, where it stands, its tries. */
export class CallbackDto {
  @ApiProperty({ description: 'Sent as Switchboard-Event-Id', example: 'evt_…' }) eventId!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES, description: 'The status it announces' }) status!: string;
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

export class CallbacksReplayedDto {
  @ApiProperty({ description: 'Callbacks recorded again', example: 3 }) replayed!: number;
}

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** The whole record of one message; content as stored (never attachment bytes or secrets). */
export class MessageDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty() appId!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiPropertyOptional({ description: "The provider's own status word" }) providerStatus?: string;
  @ApiProperty({
    type: [String],
    description: "Push: a Web Push endpoint's origin only (the endpoint is a credential)",
  })
  to!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) content!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata!: Record<
    string,
    string
  >;
  @ApiProperty({ minimum: 0, maximum: 10 }) priority!: number;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() callbackUrl?: string;
  @ApiPropertyOptional({ format: 'date-time' }) scheduledAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) nextAttemptAt?: string;
  @ApiProperty({ type: [String] }) providerMessageIds!: string[];
  @ApiProperty({ type: [AttemptDto] }) attempts!: AttemptDto[];
  @ApiProperty({ type: [EventDto] }) events!: EventDto[];
  @ApiPropertyOptional({
    type: [CallbackDto],
    description:
      'One message with a callbackUrl only (not lists): its status callbacks, oldest first',
  })
  callbacks?: CallbackDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(message: Message, callbacks?: readonly CallbackRecord[]): MessageDto {
    return JSON.parse(
      JSON.stringify({
        messageId: message.id,
        appId: message.appId,
        channel: message.channel,
        status: message.status,
        providerStatus: message.providerStatus,
        to: recipientsShown(message.channel, message.to),
        content: message.content,
        metadata: message.metadata,
        priority: message.priority,
        provider: message.provider,
        callbackUrl: message.callbackUrl,
        scheduledAt: iso(message.scheduledAt),
        nextAttemptAt: iso(message.nextAttemptAt),
        providerMessageIds: message.providerMessageIds,
        attempts: message.attempts,
        events: message.events,
        callbacks: message.callbackUrl
          ? callbacks?.map((record) => CallbackDto.of(record))
          : undefined,
        createdAt: iso(message.createdAt),
        updatedAt: iso(message.updatedAt),
      }),
    ) as MessageDto;
  }
}

export class MessageListDto {
  @ApiProperty({ type: [MessageDto] }) data!: MessageDto[];
  @ApiPropertyOptional({
    description: 'Pass as `cursor` for the next page; absent on the last page',
  })
  nextCursor?: string;
  @ApiPropertyOptional({ description: 'All matches, when `offset` paging was asked for' })
  total?: number;
}
