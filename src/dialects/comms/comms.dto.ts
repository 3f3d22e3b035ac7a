import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { SchemaRules } from '../../common/http/openapi-registry';
import { PHONE_NUMBER_PATTERN } from '../../common/validation/phone-number';
import { VISIBLE_CHARACTER, VISIBLE_LINE } from '../../common/validation/text';
import { EmailTagDto } from '../../channels/email/email-parts.dto';
import { MAX_RECIPIENTS } from '../../channels/email/email-address';
import { MAX_PART_LENGTH, MAX_SUBJECT_LENGTH } from '../../channels/email/send-email.dto';
import { ALPHANUMERIC_SENDER_SCHEMA, SMS_BODY_MAX_LENGTH } from '../../channels/sms/sms.validation';

/** Whole-body examples, as Swagger UI offers them: the service's own. */
export const COMMS_EXAMPLES = {
  email: {
    welcome: {
      summary: 'Text and HTML',
      value: {
        to: ['user@example.com'],
        subject: 'Welcome',
        text: 'Hello, welcome to our service!',
        html: '<h1>Welcome!</h1><p>Hello, welcome to our service!</p>',
      },
    },
  },
  sms: {
    code: {
      summary: 'A verification code',
      value: { to: '+15559876543', body: 'Your verification code is 123456' },
    },
  },
  call: {
    greeting: {
      summary: 'Instructions from a URL',
      value: {
        to: '+15559876543',
        twiml_url: 'https://example.com/twiml/greeting.xml',
        timeout: 30,
      },
    },
  },
};

const ADDRESSES = { type: 'array', items: { type: 'string', format: 'email' } } as const;

/*
 * The bodies as the Communications Service takes them. Each field is handed to the unified
 * channel route's rules under its unified name, which check it (errors name the field as sent).
 */

@SchemaRules({
  additionalProperties: false,
  anyOf: [{ required: ['text'] }, { required: ['html'] }],
})
export class CommsEmailDto {
  @ApiProperty({
    ...ADDRESSES,
    minItems: 1,
    maxItems: MAX_RECIPIENTS,
    example: ['user@example.com'],
    description: `Recipients; to, cc and bcc hold at most ${String(MAX_RECIPIENTS)} together`,
  })
  @Allow()
  to!: string[];

  @ApiProperty({
    example: 'Welcome to Our Service',
    maxLength: MAX_SUBJECT_LENGTH,
    pattern: VISIBLE_LINE,
    description: 'One line with a visible character',
  })
  @Allow()
  subject!: string;

  @ApiPropertyOptional({
    example: 'Hello! Welcome to our platform.',
    maxLength: MAX_PART_LENGTH,
    description: 'Text or html is required, one of them with a visible character',
  })
  @Allow()
  text?: string;

  @ApiPropertyOptional({
    example: '<h1>Welcome!</h1>',
    maxLength: MAX_PART_LENGTH,
    description: 'Text or html is required, one of them with a visible character',
  })
  @Allow()
  html?: string;

  @ApiPropertyOptional({
    format: 'email',
    example: 'custom@yourdomain.com',
    description: "Instead of the provider's sender: one of the app's senders",
  })
  @Allow()
  from_email?: string;

  @ApiPropertyOptional({ ...ADDRESSES, maxItems: MAX_RECIPIENTS, example: ['cc@example.com'] })
  @Allow()
  cc?: string[];

  @ApiPropertyOptional({ ...ADDRESSES, maxItems: MAX_RECIPIENTS, example: ['bcc@example.com'] })
  @Allow()
  bcc?: string[];

  @ApiPropertyOptional({ format: 'email', example: 'support@example.com' })
  @Allow()
  reply_to?: string;

  @ApiPropertyOptional({
    type: [EmailTagDto],
    maxItems: 50,
    example: [{ name: 'category', value: 'welcome' }],
    description: 'Each name once',
  })
  @Allow()
  tags?: { name: string; value: string }[];
}

@SchemaRules({ additionalProperties: false })
export class CommsSmsDto {
  @ApiProperty({
    example: '+15559876543',
    pattern: PHONE_NUMBER_PATTERN,
    description: 'Recipient, E.164',
  })
  @Allow()
  to!: string;

  @ApiProperty({
    example: 'Your verification code is 123456',
    pattern: VISIBLE_CHARACTER,
    maxLength: SMS_BODY_MAX_LENGTH,
  })
  @Allow()
  body!: string;

  @ApiPropertyOptional({
    anyOf: [{ type: 'string', pattern: PHONE_NUMBER_PATTERN }, ALPHANUMERIC_SENDER_SCHEMA],
    example: '+15551234567',
    description: "Instead of the provider's sender: a number or an alphanumeric sender id",
  })
  @Allow()
  from_number?: string;
}

@SchemaRules({ additionalProperties: false })
export class CommsCallDto {
  @ApiProperty({
    example: '+15559876543',
    pattern: PHONE_NUMBER_PATTERN,
    description: 'Number to call, E.164',
  })
  @Allow()
  to!: string;

  @ApiProperty({
    example: 'https://example.com/twiml/greeting.xml',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
    maxLength: 2048,
    description: 'Public http(s) URL returning TwiML',
  })
  @Allow()
  twiml_url!: string;

  @ApiPropertyOptional({
    example: '+15551234567',
    pattern: PHONE_NUMBER_PATTERN,
    description: "Instead of the provider's caller id",
  })
  @Allow()
  from_number?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 5,
    maximum: 600,
    example: 30,
    default: 30,
    description: 'Ring timeout, seconds',
  })
  @Allow()
  timeout?: number;
}

export class CommsEmailSentDto {
  @ApiProperty({
    example: 'msg_6553f1a0c9e77a12b3c4d5e6',
    description: 'The message id (GET /api/v1/messages/{id})',
  })
  id!: string;

  @ApiProperty({ type: [String], example: ['user@example.com'] }) to!: string[];

  @ApiProperty({
    enum: ['sent', 'queued'],
    description: 'sent once the provider took it; queued when the wait ran out first',
  })
  status!: 'sent' | 'queued';

  @ApiProperty({ example: 'Email sent successfully' }) message!: string;
}

export class CommsSmsSentDto {
  @ApiProperty({
    example: 'msg_6553f1a0c9e77a12b3c4d5e6',
    description: 'The message id (GET /api/v1/messages/{id})',
  })
  sid!: string;

  @ApiProperty({ example: '+15559876543' }) to!: string;

  @ApiProperty({
    enum: ['sent', 'queued'],
    description: 'sent once the provider took it; queued when the wait ran out first',
  })
  status!: 'sent' | 'queued';

  @ApiProperty({ example: 1 }) segments!: number;
  @ApiProperty({ example: 'SMS sent successfully' }) message!: string;
}

export class CommsCallMadeDto {
  @ApiProperty({
    example: 'msg_6553f1a0c9e77a12b3c4d5e6',
    description: 'The message id (GET /api/v1/messages/{id})',
  })
  sid!: string;

  @ApiProperty({ example: '+15559876543' }) to!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
  @ApiProperty({ example: 'Call initiated successfully' }) message!: string;
}

export class CommsErrorDto {
  @ApiProperty({ example: 'to: to must be a phone number in international form' }) detail!: string;
}
