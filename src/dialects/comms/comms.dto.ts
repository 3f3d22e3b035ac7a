import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { SchemaRules } from '../../common/http/openapi-registry';

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

/*
 * The bodies as the Communications Service takes them. Each field is handed to the unified
 * channel route's rules under its unified name, which check it (errors name the field as sent).
 */

@SchemaRules({
  additionalProperties: false,
  anyOf: [{ required: ['text'] }, { required: ['html'] }],
})
export class CommsEmailDto {
  @ApiProperty({ type: [String], example: ['user@example.com'], description: 'Recipients' })
  @Allow()
  to!: string[];

  @ApiProperty({ example: 'Welcome to Our Service' })
  @Allow()
  subject!: string;

  @ApiPropertyOptional({
    example: 'Hello! Welcome to our platform.',
    description: 'Text or html is required',
  })
  @Allow()
  text?: string;

  @ApiPropertyOptional({ example: '<h1>Welcome!</h1>', description: 'Text or html is required' })
  @Allow()
  html?: string;

  @ApiPropertyOptional({
    example: 'custom@yourdomain.com',
    description: "Instead of the provider's sender: one of the app's senders",
  })
  @Allow()
  from_email?: string;

  @ApiPropertyOptional({ type: [String], example: ['cc@example.com'] })
  @Allow()
  cc?: string[];

  @ApiPropertyOptional({ type: [String], example: ['bcc@example.com'] })
  @Allow()
  bcc?: string[];

  @ApiPropertyOptional({ example: 'support@example.com' })
  @Allow()
  reply_to?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      properties: { name: { type: 'string' }, value: { type: 'string' } },
      required: ['name', 'value'],
    },
    example: [{ name: 'category', value: 'welcome' }],
  })
  @Allow()
  tags?: { name: string; value: string }[];
}

@SchemaRules({ additionalProperties: false })
export class CommsSmsDto {
  @ApiProperty({ example: '+15559876543', description: 'Recipient, E.164' })
  @Allow()
  to!: string;

  @ApiProperty({ example: 'Your verification code is 123456', maxLength: 1600 })
  @Allow()
  body!: string;

  @ApiPropertyOptional({ example: '+15551234567', description: "Instead of the provider's sender" })
  @Allow()
  from_number?: string;
}

@SchemaRules({ additionalProperties: false })
export class CommsCallDto {
  @ApiProperty({ example: '+15559876543', description: 'Number to call, E.164' })
  @Allow()
  to!: string;

  @ApiProperty({
    example: 'https://example.com/twiml/greeting.xml',
    description: 'URL returning TwiML',
  })
  @Allow()
  twiml_url!: string;

  @ApiPropertyOptional({
    example: '+15551234567',
    description: "Instead of the provider's caller id",
  })
  @Allow()
  from_number?: string;

  @ApiPropertyOptional({
    type: 'integer',
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
