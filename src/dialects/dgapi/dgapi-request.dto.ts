import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString, Matches } from 'class-validator';
import {
  ATTACHMENT_CONTENT,
  ATTACHMENT_FILENAME,
  EMAIL_ADDRESS,
  EMAIL_ADDRESSES,
  FROM_NAME,
  HEADER_FIELDS,
  MEDIA_TYPE_SCHEMA,
  SUBJECT,
  TEMPLATE_NAME,
} from '../../channels/email/email-field-schemas';
import { PHONE_NUMBER, SMS_SENDER, SMS_TEXT } from '../../channels/sms/sms-field-schemas';
import { CALLBACK_URL } from '../../sending/callback-url.schema';
import { SchemaRules } from '../../common/http/openapi-registry';

/**
 * The Disposition Gateway's request bodies. Only their fields are declared here: each is handed
 * to the channel's own checks under its unified name (`dgapi-mapping.ts`), and problems are
 * answered under these names again, with its error codes (`DgapiExceptionsFilter`).
 */
/** What every task takes. */
export class DgapiTaskFieldsDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @Allow()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ type: 'integer', description: 'Higher goes first; counted up to 10' })
  @Allow()
  priority?: number;
}

@SchemaRules({ additionalProperties: false })
export class DgapiSmsDto extends DgapiTaskFieldsDto {
  @ApiProperty({
    ...PHONE_NUMBER,
    example: '+15551234567',
    description: 'Recipient in international form',
  })
  @Allow()
  to!: string;

  @ApiPropertyOptional({
    ...SMS_SENDER,
    example: '+15559876543',
    description: 'Sender number or sender id',
  })
  @Allow()
  from?: string;

  @ApiProperty({ ...SMS_TEXT, example: 'Your appointment is confirmed.' })
  @Allow()
  message!: string;

  @ApiPropertyOptional({
    ...CALLBACK_URL,
    example: 'https://your-server.com/webhooks/sms-status',
    description:
      'Status changes are posted here, signed, as for every message: an absolute http(s) URL without credentials, not on a private, loopback or link-local address (`invalid_url`)',
  })
  @Allow()
  callback_url?: string;
}

@SchemaRules({ additionalProperties: false })
export class DgapiAttachmentDto {
  @ApiProperty({ ...ATTACHMENT_FILENAME, example: 'shipping_label.pdf' })
  @Allow()
  filename!: string;

  @ApiProperty({ ...ATTACHMENT_CONTENT, description: 'Standard base64 with padding' })
  @Allow()
  content!: string;

  @ApiProperty({ ...MEDIA_TYPE_SCHEMA, example: 'application/pdf' })
  @Allow()
  content_type!: string;
}

/** An entity: letters, digits and `. _ : -`, 1 to 128 of them. */
export const ENTITY = /^[A-Za-z0-9._:-]{1,128}$/;

@SchemaRules({ additionalProperties: false })
export class DgapiEmailDto extends DgapiTaskFieldsDto {
  @ApiProperty({ ...EMAIL_ADDRESSES, minItems: 1, example: ['customer@example.com'] })
  @Allow()
  to!: string[];
  @ApiPropertyOptional(EMAIL_ADDRESSES) @Allow() cc?: string[];
  @ApiPropertyOptional(EMAIL_ADDRESSES) @Allow() bcc?: string[];
  @ApiPropertyOptional({ ...EMAIL_ADDRESS, example: 'notifications@example.com' })
  @Allow()
  from?: string;
  @ApiPropertyOptional({ ...FROM_NAME, example: 'Company Notifications' })
  @Allow()
  from_name?: string;
  @ApiPropertyOptional({ ...EMAIL_ADDRESS, example: 'support@example.com' })
  @Allow()
  reply_to?: string;

  @ApiProperty({
    ...SUBJECT,
    minLength: 1,
    example: 'Your Order #{{order_id}} Has Shipped',
    description: "Rendered with template_data; replaces the template's subject",
  })
  @Allow()
  subject?: string;

  @ApiProperty({
    ...TEMPLATE_NAME,
    minLength: 1,
    example: 'order_shipped',
    description: "A stored template's id or name",
  })
  @Allow()
  template?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Allow()
  template_data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [DgapiAttachmentDto] }) @Allow() attachments?: unknown[];
  @ApiPropertyOptional(HEADER_FIELDS)
  @Allow()
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    example: 'order_ORD-12345',
    pattern: ENTITY.source,
    description:
      'Not in the original API: an entity to find the task by (GET /email/{entity}) and to make the PUT idempotent, as the SMS path does',
  })
  @IsOptional()
  @IsString({ context: { code: 'invalid_entity' } })
  @Matches(ENTITY, { context: { code: 'invalid_entity' } })
  entity?: string;
}

/** `include`: comma-separated extras. */
export class DgapiIncludeQuery {
  @ApiPropertyOptional({
    example: 'delivery_log',
    description: 'SMS: `delivery_log`. Email: `events`, `content`, or both (`events,content`).',
  })
  @IsOptional()
  @IsString()
  include?: string;
}

const LABEL_PDF =
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=';

/** Whole-body examples, as Swagger UI offers them, with the app the other examples set up. */
export const DGAPI_SMS_EXAMPLES = {
  appointment: {
    summary: 'An appointment confirmation',
    value: {
      to: '+14155550100',
      from: '+14155550199',
      message:
        'Your appointment is confirmed for tomorrow at 2:00 PM. Reply CONFIRM to acknowledge.',
      metadata: { appointment_id: 'apt_789', customer_id: 'cust_456' },
      priority: 5,
    },
  },
};

export const DGAPI_EMAIL_EXAMPLES = {
  orderShipped: {
    summary: 'The order_shipped template, with a label attached',
    value: {
      to: ['customer@example.com'],
      cc: ['manager@example.com'],
      from: 'notifications@example.com',
      from_name: 'Company Notifications',
      subject: 'Your Order #{{orderId}} Has Shipped',
      template: 'order_shipped',
      template_data: { orderId: 'ORD-12345', name: 'John Doe', carrier: 'UPS' },
      attachments: [
        { filename: 'shipping_label.pdf', content: LABEL_PDF, content_type: 'application/pdf' },
      ],
      metadata: { order_id: 'ORD-12345' },
    },
  },
};
