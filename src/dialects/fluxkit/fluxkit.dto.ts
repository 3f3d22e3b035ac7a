import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AdminPageQuery } from '../../common/http/page.query';
import { SchemaRules } from '../../common/http/openapi-registry';
import { PHONE_NUMBER_PATTERN } from '../../common/validation/phone-number';
import { VISIBLE_CHARACTER, VISIBLE_LINE } from '../../common/validation/text';
import { MAX_RECIPIENTS } from '../../channels/email/email-address';
import { MAX_PART_LENGTH, MAX_SUBJECT_LENGTH } from '../../channels/email/send-email.dto';
import { SMS_BODY_MAX_LENGTH } from '../../channels/sms/sms.validation';
import { WhatsappMediaDto } from '../../channels/whatsapp/send-whatsapp.dto';
import { CHANNELS } from '../../contract/channel';
import { MESSAGE_STATUSES } from '../../contract/message-status';

/** An app of the caller's: tokens name the app they send for, or use the default app. */
const EXAMPLE_APP = 'app_6553f1a0c9e77a12b3c4d5e6';

/** Whole-body examples, as Swagger UI offers them: the system's own, for a named app. */
export const FLUXKIT_EXAMPLES = {
  email: {
    html: {
      summary: 'An HTML email',
      value: {
        appId: EXAMPLE_APP,
        to: 'user@example.com',
        subject: 'Hello from FluxKit',
        body: '<h1>Hello!</h1><p>This is a test email.</p>',
      },
    },
  },
  template: {
    stored: {
      summary: "One of the app's templates",
      value: {
        appId: EXAMPLE_APP,
        to: 'user@example.com',
        template: 'order_shipped',
        data: { name: 'Alex', orderId: 'ORD-12345', carrier: 'UPS' },
      },
    },
  },
  sms: {
    code: {
      summary: 'A verification code',
      value: { appId: EXAMPLE_APP, to: '+1234567890', body: 'Your verification code is 482901' },
    },
  },
  whatsapp: {
    text: {
      summary: 'A text',
      value: { appId: EXAMPLE_APP, to: '+1234567890', body: 'Your order has been shipped!' },
    },
  },
};

/*
 * The bodies as the messaging API takes them. Each field is handed to the unified channel
 * route's rules under its unified name, which check it (errors name the field as sent).
 */

/** One recipient or a list, each checked as the channel checks it. */
const recipients = (item: Record<string, string>, minItems = 1) => ({
  oneOf: [
    { type: 'string', ...item },
    { type: 'array', items: { type: 'string', ...item }, minItems, maxItems: MAX_RECIPIENTS },
  ],
});
const RECIPIENTS = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const ADDRESSES = recipients({ format: 'email' });
const COPIES = recipients({ format: 'email' }, 0);
const TEXT = { pattern: VISIBLE_CHARACTER, maxLength: SMS_BODY_MAX_LENGTH };

const APP_ID = {
  maxLength: 64,
  example: 'app_6553f1a0c9e77a12b3c4d5e6',
  description: 'The app the message is sent for; the default app (DEFAULT_APP_ID) when absent',
};

/** What every send takes besides its channel's fields. */
class FluxkitSendDto {
  @ApiPropertyOptional(APP_ID)
  @Allow()
  appId?: string;
}

/** The recipients of an email, plain or templated. */
class FluxkitEnvelopeDto extends FluxkitSendDto {
  @ApiProperty({
    ...ADDRESSES,
    example: 'user@example.com',
    description: `Recipient email(s); to, cc and bcc hold at most ${String(MAX_RECIPIENTS)} together`,
  })
  @Allow()
  to!: string | string[];

  @ApiPropertyOptional({ ...COPIES, description: 'CC recipients' })
  @Allow()
  cc?: string | string[];

  @ApiPropertyOptional({ ...COPIES, description: 'BCC recipients' })
  @Allow()
  bcc?: string | string[];

  @ApiPropertyOptional({ format: 'email', example: 'support@example.com' })
  @Allow()
  replyTo?: string;
}

@SchemaRules({ additionalProperties: false })
export class FluxkitEmailDto extends FluxkitEnvelopeDto {
  @ApiProperty({
    example: 'Hello from FluxKit',
    maxLength: MAX_SUBJECT_LENGTH,
    pattern: VISIBLE_LINE,
    description: 'One line with a visible character',
  })
  @Allow()
  subject!: string;

  @ApiProperty({
    example: '<h1>Hello!</h1><p>This is a test email.</p>',
    maxLength: MAX_PART_LENGTH,
    description: 'HTML body; it or text has a visible character',
  })
  @Allow()
  body!: string;

  @ApiPropertyOptional({ maxLength: MAX_PART_LENGTH, description: 'Plain text fallback' })
  @Allow()
  text?: string;
}

@SchemaRules({ additionalProperties: false })
export class FluxkitTemplateEmailDto extends FluxkitEnvelopeDto {
  @ApiProperty({
    example: 'welcome',
    maxLength: 100,
    description: "One of the app's stored templates, by name or id",
  })
  @Allow()
  template!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { name: 'Alice', appName: 'My App' },
    description: "The template's variables",
  })
  @Allow()
  data?: Record<string, unknown>;
}

@SchemaRules({ additionalProperties: false })
export class FluxkitSmsDto extends FluxkitSendDto {
  @ApiProperty({
    example: '+1234567890',
    pattern: PHONE_NUMBER_PATTERN,
    description: 'Phone number (E.164)',
  })
  @Allow()
  to!: string;

  @ApiProperty({ ...TEXT, example: 'Your verification code is 482901' })
  @Allow()
  body!: string;
}

/** The unified media item without its caption: the body is the caption. */
@SchemaRules({ additionalProperties: false })
export class FluxkitMediaDto extends PickType(WhatsappMediaDto, ['url', 'contentType'] as const) {}

@SchemaRules({ additionalProperties: false })
export class FluxkitWhatsappDto extends FluxkitSendDto {
  @ApiProperty({
    example: '+1234567890',
    pattern: '^(whatsapp:)?\\+[0-9 ().-]{6,32}$',
    description: 'Phone number (E.164), `whatsapp:` before it or not',
  })
  @Allow()
  to!: string;

  @ApiProperty({ ...TEXT, example: 'Your order has been shipped!' })
  @Allow()
  body!: string;

  @ApiPropertyOptional({
    type: FluxkitMediaDto,
    example: { url: 'https://example.com/receipts/2891.pdf', contentType: 'application/pdf' },
    description:
      'Media attachment: a public http(s) URL and its media type (the body is its caption)',
  })
  @Allow()
  media?: Record<string, unknown>;
}

export class FluxkitSentDto {
  @ApiProperty({
    example: 'msg_6553f1a0c9e77a12b3c4d5e6',
    description: 'The message id (GET /api/v1/messages/{id})',
  })
  messageId!: string;

  @ApiProperty({
    example: 'sent',
    description:
      'sent once the provider took it; else the status when the wait ran out (queued, retrying)',
  })
  status!: string;

  @ApiProperty({ enum: ['email', 'sms', 'whatsapp'] }) channel!: string;
  @ApiProperty({ ...RECIPIENTS, example: 'user@example.com', description: 'As given' })
  to!: string | string[];

  @ApiPropertyOptional({ example: 'welcome' }) template?: string;
}

const LOWER_STATUSES = MESSAGE_STATUSES.map((status) => status.toLowerCase());

export class FluxkitLogsQuery extends PickType(AdminPageQuery, [
  'limit',
  'offset',
  'appId',
] as const) {
  @ApiPropertyOptional({ enum: CHANNELS, description: 'Default: every channel' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: (typeof CHANNELS)[number];

  @ApiPropertyOptional({ description: 'Recipient' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;

  @ApiPropertyOptional({ enum: LOWER_STATUSES })
  @IsOptional()
  @IsIn(LOWER_STATUSES)
  status?: string;
}

export class FluxkitLogDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) _id!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ ...RECIPIENTS, example: 'user@example.com' }) to!: string | string[];
  @ApiPropertyOptional({ example: 'Hello' }) subject?: string;
  @ApiProperty({ enum: LOWER_STATUSES }) status!: string;
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FluxkitLogsDto {
  @ApiProperty({ type: [FluxkitLogDto] }) logs!: FluxkitLogDto[];
  @ApiProperty({ example: 42, description: 'Matches in all, counted up to 10,000' }) total!: number;
  @ApiProperty({ example: 20 }) limit!: number;
  @ApiProperty({ example: 0 }) offset!: number;
}

export class FluxkitErrorBodyDto {
  @ApiProperty({ example: 'SEND_FAILED' }) code!: string;
  @ApiProperty({ example: 'Failed to send email: connection refused' }) message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { channel: 'email', provider: 'smtp' },
  })
  details!: Record<string, unknown>;
}

export class FluxkitErrorDto {
  @ApiProperty({ type: FluxkitErrorBodyDto }) error!: FluxkitErrorBodyDto;
}
