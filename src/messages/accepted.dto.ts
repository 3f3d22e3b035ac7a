import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, MESSAGE_STATUSES, type Message } from './message.model';

/** The 202 answer to a send. */
export class AcceptedDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) scheduledAt?: string;

  static of(message: Message): AcceptedDto {
    return {
      messageId: message.id,
      status: message.status,
      channel: message.channel,
      to: [...message.to],
      createdAt: message.createdAt.toISOString(),
      ...(message.scheduledAt ? { scheduledAt: message.scheduledAt.toISOString() } : {}),
    };
  }
}
