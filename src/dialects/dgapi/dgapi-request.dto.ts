import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString, Matches } from 'class-validator';
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
  @ApiProperty({ example: '+15551234567', description: 'Recipient in international form' })
  @Allow()
  to!: string;

  @ApiPropertyOptional({ example: '+15559876543', description: 'Sender number or sender id' })
  @Allow()
  from?: string;

  @ApiProperty({ example: 'Your appointment is confirmed.', maxLength: 1600 })
  @Allow()
  message!: string;

  @ApiPropertyOptional({
    example: 'https://your-server.com/webhooks/sms-status',
    description: 'Status changes are posted here, signed, as for every message',
  })
  @Allow()
  callback_url?: string;
}

@SchemaRules({ additionalProperties: false })
export class DgapiAttachmentDto {
  @ApiProperty({ example: 'shipping_label.pdf' }) @Allow() filename!: string;
  @ApiProperty({ description: 'Base64' }) @Allow() content!: string;
  @ApiProperty({ example: 'application/pdf' }) @Allow() content_type!: string;
}

/** An entity: letters, digits and `. _ : -`, 1 to 128 of them. */
export const ENTITY = /^[A-Za-z0-9._:-]{1,128}$/;

@SchemaRules({ additionalProperties: false })
export class DgapiEmailDto extends DgapiTaskFieldsDto {
  @ApiProperty({ type: [String], example: ['customer@example.com'] }) @Allow() to!: string[];
  @ApiPropertyOptional({ type: [String] }) @Allow() cc?: string[];
  @ApiPropertyOptional({ type: [String] }) @Allow() bcc?: string[];
  @ApiPropertyOptional({ example: 'notifications@example.com' }) @Allow() from?: string;
  @ApiPropertyOptional({ example: 'Company Notifications' }) @Allow() from_name?: string;
  @ApiPropertyOptional({ example: 'support@example.com' }) @Allow() reply_to?: string;

  @ApiProperty({
    example: 'Your Order #{{order_id}} Has Shipped',
    description: "Rendered with template_data; replaces the template's subject",
  })
  @Allow()
  subject?: string;

  @ApiProperty({ example: 'order_shipped', description: "A stored template's id or name" })
  @Allow()
  template?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Allow()
  template_data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [DgapiAttachmentDto] }) @Allow() attachments?: unknown[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
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
