import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsObject, ValidateNested } from 'class-validator';
import { SchemaRules } from '../../common/http/openapi-registry';

/**
 * The envelope of a send in the comms API. Only its structure is checked here: the fields are
 * handed to the channel's own checks under their unified names (`ndc-mapping.ts`), and their
 * problems are answered under these names again (`NdcExceptionsFilter`).
 */
@SchemaRules({ additionalProperties: false })
export class NdcSenderDto {
  @ApiPropertyOptional({
    example: 'billing@your-app.com',
    description:
      "Email: the sender address; SMS: a number in international form or a sender id. The provider's sender when absent.",
  })
  @Allow()
  fromAddress?: string;

  @ApiPropertyOptional({ example: 'Acme Billing', description: 'Email only' })
  @Allow()
  fromName?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'Email only: where replies go',
  })
  @Allow()
  replyTo?: string | string[];
}

@SchemaRules({ additionalProperties: false })
export class NdcDestinationDto {
  @ApiProperty({
    type: [String],
    example: ['alex@startup.io'],
    description: 'Email: one or more addresses. SMS: one number in international form.',
  })
  @Allow()
  to!: string[];

  @ApiPropertyOptional({ type: [String], description: 'Email only' })
  @Allow()
  cc?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Email only' })
  @Allow()
  bcc?: string[];
}

export const CONTENT_TYPES = ['raw', 'template'] as const;

@SchemaRules({ additionalProperties: false })
export class NdcContentDto {
  @ApiProperty({ enum: CONTENT_TYPES, example: 'raw' })
  @IsIn(CONTENT_TYPES)
  type!: (typeof CONTENT_TYPES)[number];

  @ApiPropertyOptional({ example: 'Receipt #2891', description: 'Email, raw: required' })
  @Allow()
  subject?: string;

  @ApiPropertyOptional({
    example: 'Thanks for your payment.',
    description: 'Raw: the text (for email the plain-text part)',
  })
  @Allow()
  body?: string;

  @ApiPropertyOptional({
    example: 'order_shipped',
    description: "Email, template: a stored template's id or name",
  })
  @Allow()
  templateId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Template: values for the template's variables",
  })
  @Allow()
  templateParams?: Record<string, unknown>;
}

/** `POST /v1/messages/{channel}`: sender, destination, content. */
@SchemaRules({ additionalProperties: false })
export class NdcSendDto {
  @ApiProperty({ type: NdcSenderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NdcSenderDto)
  sender!: NdcSenderDto;

  @ApiProperty({ type: NdcDestinationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NdcDestinationDto)
  destination!: NdcDestinationDto;

  @ApiProperty({ type: NdcContentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NdcContentDto)
  content!: NdcContentDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { order: '2891' },
    description: 'String key/value pairs, kept with the message',
  })
  @Allow()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ format: 'date-time', description: 'Hold the message until then' })
  @Allow()
  scheduledAt?: string;
}

/**
 * The comms API's examples, as Swagger UI offers them, with the addresses and number of the
 * app the other examples set up.
 */
export const NDC_EMAIL_EXAMPLES = {
  quickStart: {
    summary: 'Quick start',
    value: {
      sender: { fromAddress: 'hello@example.com' },
      destination: { to: ['you@example.com'] },
      content: {
        type: 'raw',
        subject: 'Hello from Comms',
        body: 'If this lands in your inbox, you are integrated.',
      },
    },
  },
  withMetadata: {
    summary: 'A receipt with a sender name and metadata',
    value: {
      sender: { fromAddress: 'billing@example.com', fromName: 'Acme Billing' },
      destination: { to: ['alex@example.com'] },
      content: { type: 'raw', subject: 'Receipt #2891', body: 'Thanks for your payment.' },
      metadata: { order: '2891', userId: 'u_3v7' },
    },
  },
};

export const NDC_SMS_EXAMPLES = {
  text: {
    summary: 'A text',
    value: {
      sender: { fromAddress: '+14155550199' },
      destination: { to: ['+14155550100'] },
      content: { type: 'raw', body: 'Your code is 123456.' },
    },
  },
};
