import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { SchemaRules } from '../../common/http/openapi-registry';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  Min,
  ValidateNested,
} from 'class-validator';
import { MaxUtf16Length } from '../../common/validation/text';
import { SendCommonDto } from '../../sending/send-common.dto';
import {
  HasRecipients,
  IsEmailAddress,
  IsEmailAddressList,
  MAX_RECIPIENTS,
  WithinRecipientLimit,
} from './email-address';
import {
  EmailAttachmentDto,
  EmailTagDto,
  invalidAttachment,
  invalidTag,
  UniqueTagNames,
} from './email-parts.dto';
import {
  EmailTrackingDto,
  TopicProperty,
  TrackingProperty,
  UnsubscribeProperty,
} from './email-engagement.dto';
import {
  IsHeaderValue,
  MAX_CUSTOM_HEADERS,
  NoStructuralHeaders,
  WellFormedHeaders,
} from './email-headers';

/** RFC 5322's line limit: a longer subject cannot be written on one header line. */
export const MAX_SUBJECT_LENGTH = 998;
export const MAX_FROM_NAME_LENGTH = 256;
export const MAX_REPLY_TO = 10;
/** Longest text or HTML part, in UTF-16 code units: keeps the message record well under 16 MB. */
export const MAX_PART_LENGTH = 1_000_000;
/** Amazon SES's most tags on a message. */
const MAX_TAGS = 50;
const MAX_ATTACHMENTS = 50;

/** A header value on one line: no control character but the tab (`invalid_header`). */
export const ONE_LINE = '^[^\\x00-\\x08\\x0a-\\x1f\\x7f]*$';

/** At most `max` items; a value that is no list is IsArray's to report. */
const AtMostItems = (max: number, code: string): PropertyDecorator =>
  ValidateBy(
    {
      name: 'atMostItems',
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.length <= max,
        defaultMessage: (args) => `${args?.property ?? 'value'} may hold at most ${max} items`,
      },
    },
    { context: { code } },
  );

const given = (field: string, type: SchemaObject['type']): SchemaObject => ({
  required: [field],
  properties: { [field]: { type } },
});

/** Raw (a subject and text and/or html) or a template (no text or html), never both. */
@SchemaRules({
  additionalProperties: false,
  oneOf: [
    {
      ...given('template', 'string'),
      not: { anyOf: [given('text', 'string'), given('html', 'string')] },
    },
    {
      ...given('subject', 'string'),
      anyOf: [given('text', 'string'), given('html', 'string')],
      not: {
        anyOf: [
          given('template', 'string'),
          given('templateData', 'object'),
          given('templateVersion', 'integer'),
        ],
      },
    },
  ],
})
/**
 * An email send. The message is `text` and/or `html` under a `subject`, or a stored `template`
 * rendered with `templateData`; the service checks that one of them is there.
 */
export class SendEmailDto extends SendCommonDto {
  @ApiProperty({
    oneOf: [
      { type: 'string', format: 'email' },
      {
        type: 'array',
        items: { type: 'string', format: 'email' },
        minItems: 1,
        maxItems: MAX_RECIPIENTS,
      },
    ],
    example: 'alex@example.com',
    description: `One address or a list, stored as a list. Bare addresses only (\`invalid_email\`); at least one (\`missing_recipients\`); to, cc and bcc hold at most ${MAX_RECIPIENTS} together (\`too_many_recipients\`).`,
  })
  @IsEmailAddressList()
  @HasRecipients()
  @WithinRecipientLimit()
  to!: string[];

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', format: 'email' },
      { type: 'array', items: { type: 'string', format: 'email' }, maxItems: MAX_RECIPIENTS },
    ],
    example: ['finance@example.com'],
    description: `Copy recipients; to, cc and bcc hold at most ${MAX_RECIPIENTS} together (\`too_many_recipients\`)`,
  })
  @IsOptional()
  @IsEmailAddressList()
  @WithinRecipientLimit()
  cc?: string[];

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', format: 'email' },
      { type: 'array', items: { type: 'string', format: 'email' }, maxItems: MAX_RECIPIENTS },
    ],
    description: `Recipients no other recipient sees (in the envelope only); to, cc and bcc hold at most ${MAX_RECIPIENTS} together`,
  })
  @IsOptional()
  @IsEmailAddressList()
  @WithinRecipientLimit()
  bcc?: string[];

  @ApiPropertyOptional({
    example: 'billing@example.com',
    format: 'email',
    description:
      "Sender address (`invalid_email`); the provider's configured sender (EMAIL_FROM) when absent",
  })
  @IsOptional()
  @IsEmailAddress()
  from?: string;

  @ApiPropertyOptional({
    example: 'Acme Billing',
    maxLength: MAX_FROM_NAME_LENGTH,
    pattern: ONE_LINE,
    description: 'Sender name shown by mail clients; any Unicode, one line',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FROM_NAME_LENGTH)
  @IsHeaderValue()
  fromName?: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', format: 'email' },
      { type: 'array', items: { type: 'string', format: 'email' }, maxItems: MAX_REPLY_TO },
    ],
    example: 'support@example.com',
    description: 'Where replies go: one address or a list of up to 10 (`too_many`)',
  })
  @IsOptional()
  @IsEmailAddressList()
  @AtMostItems(MAX_REPLY_TO, 'too_many')
  replyTo?: string[];

  @ApiPropertyOptional({
    example: 'Receipt #2891',
    maxLength: MAX_SUBJECT_LENGTH,
    pattern: ONE_LINE,
    description:
      "Required with text or html (`missing_subject`). Any Unicode, one line (`invalid_header` for CR or LF). With a template: replaces the template's subject, and is rendered with templateData like it.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUBJECT_LENGTH)
  @IsHeaderValue()
  subject?: string;

  @ApiPropertyOptional({
    example: 'Thanks for your payment.',
    maxLength: MAX_PART_LENGTH,
    description: 'Plain-text part; text or html is required (`message_empty`)',
  })
  @IsOptional()
  @IsString()
  @MaxUtf16Length(MAX_PART_LENGTH)
  text?: string;

  @ApiPropertyOptional({
    example: '<p>Thanks for your payment.</p>',
    maxLength: MAX_PART_LENGTH,
    description: 'HTML part; sent without text, a plain-text part is made from it and stored',
  })
  @IsOptional()
  @IsString()
  @MaxUtf16Length(MAX_PART_LENGTH)
  html?: string;

  @ApiPropertyOptional({
    example: 'order_shipped',
    maxLength: 100,
    description:
      'A stored template of the app, by id or name, instead of text and html (`conflicting_content` with them); unknown: `template_not_found`. Rendered when the send is accepted; the record keeps the result and `template: {id, version}`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  template?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: "The template's version to render; default: its latest",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  templateVersion?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { name: 'Alex', orderId: 'ORD-12345' },
    description:
      'Values for the template variables; a missing one, or any other rendering failure, is `template_error` naming it',
  })
  @IsOptional()
  @IsObject()
  templateData?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', pattern: ONE_LINE },
    maxProperties: MAX_CUSTOM_HEADERS,
    example: { 'List-Unsubscribe': '<https://example.com/unsubscribe/2891>' },
    description:
      'Extra header fields: RFC 5322 names, one-line values (`invalid_header`). Headers the gateway writes are refused (`forbidden_header`): From, To, Cc, Bcc, Reply-To, Sender, Subject, Date, Message-ID, MIME-Version, Content-*, DKIM-Signature, Return-Path, Received, Resent-*, X-SES-* and other trace and authentication fields.',
  })
  @IsOptional()
  @WellFormedHeaders()
  @NoStructuralHeaders()
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    type: () => [EmailTagDto],
    maxItems: MAX_TAGS,
    description:
      'Labels for analytics, passed to SES as message tags: distinct names, names and values of 1 to 256 letters, digits, _ or - (`invalid_tag`)',
  })
  @IsOptional()
  @IsArray(invalidTag)
  @AtMostItems(MAX_TAGS, 'invalid_tag')
  @UniqueTagNames()
  @ValidateNested({ each: true, ...invalidTag })
  @Type(() => EmailTagDto)
  tags?: EmailTagDto[];

  @ApiPropertyOptional({
    type: () => [EmailAttachmentDto],
    maxItems: MAX_ATTACHMENTS,
    description:
      'Files, base64 (`invalid_attachment`), within the configured size limits after decoding, per file and together (`attachment_too_large`). Executable files (.exe, .js, .bat ... or program types and content) are refused unless EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS is set (`forbidden_attachment`).',
  })
  @IsOptional()
  @IsArray(invalidAttachment)
  @AtMostItems(MAX_ATTACHMENTS, 'invalid_attachment')
  @ValidateNested({ each: true, ...invalidAttachment })
  @Type(() => EmailAttachmentDto)
  attachments?: EmailAttachmentDto[];

  @TrackingProperty() tracking?: EmailTrackingDto;
  @UnsubscribeProperty() unsubscribe?: boolean;
  @TopicProperty() topic?: string;
}
