import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { MessageDto } from '../message-log/message.dto';
import { readSmsContent, type SmsFacts } from '../contract/content/sms.content';
import type { StoredContent } from '../contract/content/stored-content';
import { type Message } from '../message-log/message.model';
import { CHANNELS, type Channel } from '../contract/channel';
import { MESSAGE_STATUSES } from '../contract/message-status';
import { recipientsShown } from '../contract/recipients-shown';

/** What a channel adds to its send answers, each read from the message's stored content. */
export type ChannelFacts = Partial<SmsFacts>;

/** How the text of an SMS travels; a record written without the facts answers without them. */
function smsFacts(content: StoredContent): ChannelFacts {
  const { segments, encoding } = readSmsContent(content);
  return segments === undefined || encoding === undefined ? {} : { segments, encoding };
}

const CHANNEL_FACTS: Partial<Record<Channel, (content: StoredContent) => ChannelFacts>> = {
  sms: smsFacts,
};

const channelFactsOf = (message: Message): ChannelFacts =>
  CHANNEL_FACTS[message.channel]?.(message.content) ?? {};

/** The 202 answer to a send (and the 200 one under `Prefer: wait`). */
export class AcceptedDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ type: [String], description: "Push: the endpoint's origin only" })
  to!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) scheduledAt?: string;

  @ApiPropertyOptional({
    example: 1,
    description: 'SMS: the parts the text travels in (what carriers bill)',
  })
  segments?: number;

  @ApiPropertyOptional({
    enum: ['GSM-7', 'UCS-2'],
    description: 'SMS: GSM-7 when every character is in the GSM alphabet, else UCS-2',
  })
  encoding?: string;

  static of(message: Message): AcceptedDto {
    return {
      messageId: message.id,
      status: message.status,
      channel: message.channel,
      to: recipientsShown(message.channel, message.to),
      createdAt: message.createdAt.toISOString(),
      ...(message.scheduledAt ? { scheduledAt: message.scheduledAt.toISOString() } : {}),
      ...channelFactsOf(message),
    };
  }
}

/**
 * The answer under `Prefer: wait`: the whole message record, with the channel's facts where
 * every send answer has them.
 */
export class WaitedMessageDto extends IntersectionType(
  MessageDto,
  PickType(AcceptedDto, ['segments', 'encoding'] as const),
) {
  static ofRecord(message: Message): WaitedMessageDto {
    return Object.assign(MessageDto.of(message), channelFactsOf(message));
  }
}
