import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { CountedList } from '../common/http/page.query';
import { NO_ENGAGEMENT } from './engagement-effect';
import type { ListedMessage } from './message-log';
import { timelineOf } from './timeline';
import { CHANNELS } from '../contract/channel';
import { MESSAGE_STATUSES } from '../contract/message-status';
import { ERROR_CATEGORIES } from '../contract/error-category';
import { recipientsShown } from '../contract/recipients-shown';

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
  @ApiPropertyOptional({
    example: 'desktop',
    description: 'Opens and clicks: the coarse class of the client (never its address)',
  })
  client?: string;
  @ApiPropertyOptional({
    description: 'Opens and clicks made by a machine (privacy prefetch, link scanner)',
  })
  machine?: boolean;
}

/** What recipients did with an email: counts of people, and of machines apart. */
export class EngagementDto {
  @ApiProperty({ description: 'Opens by people' }) opens!: number;
  @ApiProperty({ description: 'Clicks by people' }) clicks!: number;
  @ApiProperty({ description: 'Opens by privacy proxies, scanners, or within seconds of the send' })
  machineOpens!: number;
  @ApiProperty() machineClicks!: number;
  @ApiProperty() unsubscribes!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'The first open by a person' })
  firstOpenedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The first click by a person' })
  firstClickedAt?: string;
}

/** Who asked for the message: one of the app's keys, or a token's subject. */
export class RequestedByDto {
  @ApiProperty({ enum: ['apiKey', 'jwt'] }) type!: string;
  @ApiPropertyOptional({ example: 'key_6553f1a0c9e77a12b3c4d5e6', description: 'With apiKey' })
  keyId?: string;
  @ApiPropertyOptional({ example: 'alice', description: "With jwt: the token's subject" })
  subject?: string;
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
  @ApiPropertyOptional({ type: RequestedByDto, description: 'Who asked for it' })
  requestedBy?: RequestedByDto;
  @ApiPropertyOptional({
    example: 'brd_6553f1a0c9e77a12b3c4d5e6',
    description: 'The broadcast it is part of',
  })
  broadcastId?: string;
  @ApiPropertyOptional({
    example: 'campaign_12345',
    description: "The caller's reference, as a dialect names it (the entity of a task)",
  })
  reference?: string;
  @ApiProperty({ minimum: 0, maximum: 10 }) priority!: number;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() callbackUrl?: string;
  @ApiPropertyOptional({ format: 'date-time' }) scheduledAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) nextAttemptAt?: string;
  @ApiProperty({ type: [String] }) providerMessageIds!: string[];
  @ApiProperty({ type: [AttemptDto] }) attempts!: AttemptDto[];
  @ApiProperty({ type: [EventDto] }) events!: EventDto[];
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the message was first handed to a provider (SENT, or DELIVERED at once)',
  })
  sentAt?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When it was DELIVERED (to its last recipient, for several)',
  })
  deliveredAt?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When it ended FAILED or UNDELIVERABLE',
  })
  failedAt?: string;
  @ApiPropertyOptional({ type: EngagementDto, description: 'Emails only' })
  engagement?: EngagementDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  /** The record; `content` left out when `withContent` is false (a list's summary). */
  static of(message: ListedMessage, withContent = true): MessageDto {
    const { sentAt, deliveredAt, failedAt } = timelineOf(message);
    return JSON.parse(
      JSON.stringify({
        messageId: message.id,
        appId: message.appId,
        channel: message.channel,
        status: message.status,
        providerStatus: message.providerStatus,
        to: recipientsShown(message.channel, message.to),
        content: withContent ? message.content : undefined,
        metadata: message.metadata,
        requestedBy: message.requestedBy,
        broadcastId: message.broadcastId,
        reference: message.reference,
        priority: message.priority,
        provider: message.provider,
        callbackUrl: message.callbackUrl,
        scheduledAt: iso(message.scheduledAt),
        nextAttemptAt: iso(message.nextAttemptAt),
        providerMessageIds: message.providerMessageIds,
        attempts: message.attempts,
        events: message.events,
        sentAt: iso(sentAt),
        deliveredAt: iso(deliveredAt),
        failedAt: iso(failedAt),
        engagement: message.channel === 'email' ? (message.engagement ?? NO_ENGAGEMENT) : undefined,
        createdAt: iso(message.createdAt),
        updatedAt: iso(message.updatedAt),
      }),
    ) as MessageDto;
  }
}

/** A message as lists show it: without its content unless `include=content` asked for it. */
export class ListedMessageDto extends OmitType(MessageDto, ['content'] as const) {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Only with include=content',
  })
  content?: Record<string, unknown>;
}

export class MessageListDto extends CountedList {
  @ApiProperty({ type: [ListedMessageDto] }) data!: ListedMessageDto[];
  @ApiPropertyOptional({
    description: 'Pass as `cursor` for the next page; absent on the last page',
  })
  nextCursor?: string;
}
