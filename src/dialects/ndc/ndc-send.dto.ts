import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  ValidateNested,
} from 'class-validator';
import {
  EMAIL_ADDRESS,
  EMAIL_ADDRESSES,
  EMAIL_PART,
  FROM_NAME,
  REPLY_TO,
  SUBJECT,
  TEMPLATE_NAME,
} from '../../channels/email/email-field-schemas';
import { PHONE_NUMBER, SMS_SENDER, SMS_TEXT } from '../../channels/sms/sms-field-schemas';
import { SchemaRules } from '../../common/http/openapi-registry';

/**
 * The envelope of a send in the comms API. Only its structure is checked here: the fields are
 * handed to the channel's own checks under their unified names (`ndc-mapping.ts`), and their
 * problems are answered under these names again (`NdcExceptionsFilter`).
 */
@SchemaRules({ additionalProperties: false })
export class NdcSenderDto {
  @ApiPropertyOptional({
    ...EMAIL_ADDRESS,
    example: 'billing@your-app.com',
    description: "The sender address; the provider's sender when absent.",
  })
  @Allow()
  fromAddress?: string;

  @ApiPropertyOptional({ ...FROM_NAME, example: 'Acme Billing', description: 'One line' })
  @Allow()
  fromName?: string;

  @ApiPropertyOptional({ ...REPLY_TO, description: 'Where replies go' })
  @Allow()
  replyTo?: string | string[];
}

@SchemaRules({ additionalProperties: false })
export class NdcDestinationDto {
  @ApiProperty({
    ...EMAIL_ADDRESSES,
    minItems: 1,
    example: ['alex@startup.io'],
    description: 'One or more addresses; to, cc and bcc hold at most 50 together',
  })
  @Allow()
  to!: string[];

  @ApiPropertyOptional(EMAIL_ADDRESSES)
  @Allow()
  cc?: string[];

  @ApiPropertyOptional(EMAIL_ADDRESSES)
  @Allow()
  bcc?: string[];
}

export const CONTENT_TYPES = ['raw', 'template'] as const;

/** A field given a value of its type (null is absent). */
const givenAs = (field: string, type: SchemaObject['type']): SchemaObject => ({
  required: [field],
  properties: { [field]: { type } },
});

/**
 * Raw content has a subject and a body and takes no template fields; template content names a
 * stored template and takes no body.
 */
@SchemaRules({
  additionalProperties: false,
  oneOf: [
    {
      properties: {
        type: { enum: ['raw'] },
        subject: { type: 'string' },
        body: { type: 'string' },
      },
      required: ['subject', 'body'],
      not: { anyOf: [givenAs('templateId', 'string'), givenAs('templateParams', 'object')] },
    },
    {
      properties: { type: { enum: ['template'] }, templateId: { type: 'string' } },
      required: ['templateId'],
      not: givenAs('body', 'string'),
    },
  ],
})
export class NdcContentDto {
  @ApiProperty({ enum: CONTENT_TYPES, example: 'raw' })
  @IsIn(CONTENT_TYPES)
  type!: (typeof CONTENT_TYPES)[number];

  @ApiPropertyOptional({
    ...SUBJECT,
    example: 'Receipt #2891',
    description: "Raw: required. Template: replaces the template's subject, rendered like it",
  })
  @Allow()
  subject?: string;

  @ApiPropertyOptional({
    ...EMAIL_PART,
    example: 'Thanks for your payment.',
    description: 'Raw: the plain-text part, required. Template: not taken',
  })
  @Allow()
  body?: string;

  @ApiPropertyOptional({
    ...TEMPLATE_NAME,
    example: 'order_shipped',
    description: "Template: a stored template's id or name, required. Raw: not taken",
  })
  @Allow()
  templateId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Template: values for the template's variables. Raw: not taken",
  })
  @Allow()
  templateParams?: Record<string, unknown>;
}

/** What an envelope keeps with the message, whatever its channel. */
class NdcEnvelopeExtrasDto {
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
 * `POST /v1/messages/email`: sender, destination, content. Raw content takes no `templateId`
 * or `templateParams`; template content needs `templateId` and takes no `body`.
 */
@SchemaRules({ additionalProperties: false })
export class NdcSendDto extends NdcEnvelopeExtrasDto {
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
}

@SchemaRules({ additionalProperties: false })
export class NdcSmsSenderDto {
  @ApiPropertyOptional({
    ...SMS_SENDER,
    example: '+14155550199',
    description:
      "A number in international form or a sender id. The provider's sender when absent.",
  })
  @Allow()
  fromAddress?: string;
}

@SchemaRules({ additionalProperties: false })
export class NdcSmsDestinationDto {
  @ApiProperty({
    type: 'array',
    items: PHONE_NUMBER,
    minItems: 1,
    maxItems: 1,
    example: ['+14155550100'],
    description: 'One number in international form',
  })
  @IsArray({ context: { code: 'invalid_phone' } })
  @ArrayMinSize(1, { context: { code: 'invalid_phone' } })
  @ArrayMaxSize(1, { context: { code: 'invalid_phone' } })
  to!: string[];
}

export const SMS_CONTENT_TYPES = ['raw'] as const;

@SchemaRules({ additionalProperties: false })
export class NdcSmsContentDto {
  @ApiProperty({ enum: SMS_CONTENT_TYPES, example: 'raw', description: 'An SMS content is raw' })
  @IsIn(SMS_CONTENT_TYPES)
  type!: (typeof SMS_CONTENT_TYPES)[number];

  @ApiProperty({ ...SMS_TEXT, example: 'Your code is 123456.', description: 'The text' })
  @Allow()
  body!: string;
}

/** `POST /v1/messages/sms`: the envelope with the fields an SMS has. */
@SchemaRules({ additionalProperties: false })
export class NdcSmsSendDto extends NdcEnvelopeExtrasDto {
  @ApiProperty({ type: NdcSmsSenderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NdcSmsSenderDto)
  sender!: NdcSmsSenderDto;

  @ApiProperty({ type: NdcSmsDestinationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NdcSmsDestinationDto)
  destination!: NdcSmsDestinationDto;

  @ApiProperty({ type: NdcSmsContentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NdcSmsContentDto)
  content!: NdcSmsContentDto;
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
