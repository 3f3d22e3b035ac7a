import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, ArrayNotEmpty, IsArray, IsIn } from 'class-validator';
import { SchemaRules } from '../../common/http/openapi-registry';
import type { Channel } from '../../contract/channel';
import { VISIBLE_CHARACTER } from '../../common/validation/text';

/** The system's channel names, each one of ours. */
export const CHANNEL_NAMES = {
  Email: 'email',
  Sms: 'sms',
  Push: 'push',
  InApp: 'inapp',
  Webhook: 'webhook',
} as const satisfies Record<string, Channel>;
export type ChannelName = keyof typeof CHANNEL_NAMES;
const NAMES = Object.keys(CHANNEL_NAMES) as ChannelName[];

/** The system's example, for an app of the caller's (admins name it, or send for the default app). */
export const COMMUNICATION_EXAMPLE = {
  appId: 'app_6553f1a0c9e77a12b3c4d5e6',
  subject: 'System maintenance',
  body: 'A scheduled maintenance window starts at 22:00 UTC.',
  channels: ['Email', 'Sms', 'InApp'],
  emailAddress: 'user@example.com',
  phoneNumber: '+97455555555',
  userId: '3f45ef0f-39d1-4d65-8eaa-5db7c0b8f763',
  pushToken: null,
  webhookUrl: null,
  isHtml: false,
};

/**
 * A send as the multi-channel API takes it; each field is handed to the broadcast's rules under
 * its unified name, which check it (errors name the field as sent).
 */
@SchemaRules({ additionalProperties: false })
export class CommunicationDto {
  @ApiProperty({
    example: 'System maintenance',
    pattern: VISIBLE_CHARACTER,
    description: 'Email subject; push and in-app title',
  })
  @Allow()
  subject!: string;

  @ApiProperty({
    example: 'A scheduled maintenance window starts at 22:00 UTC.',
    pattern: VISIBLE_CHARACTER,
  })
  @Allow()
  body!: string;

  @ApiProperty({
    enum: NAMES,
    isArray: true,
    minItems: 1,
    uniqueItems: true,
    example: ['Email', 'Sms', 'InApp'],
    description: 'Each channel once',
  })
  @IsArray()
  @ArrayNotEmpty({ context: { code: 'required' } })
  @IsIn(NAMES, { each: true })
  channels!: ChannelName[];

  @ApiPropertyOptional({
    example: 'user@example.com',
    nullable: true,
    description: 'Required with Email',
  })
  @Allow()
  emailAddress?: string;

  @ApiPropertyOptional({
    example: '+97455555555',
    nullable: true,
    description: 'E.164; required with Sms',
  })
  @Allow()
  phoneNumber?: string;

  @ApiPropertyOptional({ example: 'user-8271', nullable: true, description: 'Required with InApp' })
  @Allow()
  userId?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'FCM registration token; required with Push',
  })
  @Allow()
  pushToken?: string;

  @ApiPropertyOptional({
    example: 'https://example.com/hooks/notify',
    nullable: true,
    description: 'Required with Webhook',
  })
  @Allow()
  webhookUrl?: string;

  @ApiPropertyOptional({ default: false, nullable: true, description: 'Email: the body is HTML' })
  @Allow()
  isHtml?: boolean;

  @ApiPropertyOptional({
    example: 'app_6553f1a0c9e77a12b3c4d5e6',
    maxLength: 64,
    nullable: true,
    description: 'The app the messages are sent for; the default app (DEFAULT_APP_ID) when absent',
  })
  @Allow()
  appId?: string;
}

export class CommunicationResultDto {
  @ApiProperty({ enum: NAMES }) channel!: ChannelName;
  @ApiProperty() success!: boolean;
  @ApiProperty({ type: 'string', nullable: true, example: null }) error!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'msg_6553f1a0c9e77a12b3c4d5e6',
    description: 'The message made for the channel (GET /api/v1/messages/{id}); null when refused',
  })
  messageId!: string | null;
}

export class CommunicationBatchResponseDto {
  @ApiProperty({ type: [CommunicationResultDto] }) results!: CommunicationResultDto[];
}

export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://tools.ietf.org/html/rfc9110#section-15.5.1' }) type!: string;
  @ApiProperty({ example: 'One or more validation errors occurred.' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiPropertyOptional({ example: 'channels must not be empty' }) detail?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { emailAddress: ['emailAddress is required when channels include email'] },
  })
  errors?: Record<string, string[]>;
}
