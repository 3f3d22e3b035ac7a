import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { SchemaRules } from '../../common/http/openapi-registry';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
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
  IsHeaderValue,
  MAX_CUSTOM_HEADERS,
  NoStructuralHeaders,
  WellFormedHeaders,
} from './email-headers';

/** RFC 5322's line limit: a longer subject cannot be written on one header line. */
export const MAX_SUBJECT_LENGTH = 998;
const MAX_FROM_NAME_LENGTH = 256;
const MAX_REPLY_TO = 10;
/** Longest text or HTML part, in UTF-16 code units: keeps the message record well under 16 MB. */
export const MAX_PART_LENGTH = 1_000_000;
/** Amazon SES's rules for message tags: their count, and the characters of names and values. */
const MAX_TAGS = 50;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/u;
const MAX_ATTACHMENTS = 50;
const MAX_RAW_FILENAME_LENGTH = 1024;
/** type/subtype with RFC 6838 name characters, then optional `; name=value` parameters. */
const MEDIA_TYPE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=("[^"\\\r\n]*"|[A-Za-z0-9!#$&^_.+-]+))*$/u;

const invalidTag = { context: { code: 'invalid_tag' } };
/** A header value on one line: no control character but the tab (`invalid_header`). */
const ONE_LINE = '^[^\\x00-\\x08\\x0a-\\x1f\\x7f]*$';
const invalidAttachment = { context: { code: 'invalid_attachment' } };

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

/** Tag names are unique within a message (`invalid_tag`), as SES requires. */
const UniqueTagNames = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'uniqueTagNames',
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return true;
          const names = value.map((tag: unknown) =>
            typeof tag === 'object' && tag !== null ? (tag as { name?: unknown }).name : undefined,
          );
          return new Set(names).size === names.length;
        },
        defaultMessage: () => 'tags must have distinct names',
      },
    },
    invalidTag,
  );

/** A raw filename with something in it; cleaned for use afterwards (`invalid_attachment`). */
const IsRawFilename = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRawFilename',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /\S/u.test(value) && value.length <= MAX_RAW_FILENAME_LENGTH,
        defaultMessage: (args) =>
          `${args?.property ?? 'filename'} must be a file name of 1 to ${MAX_RAW_FILENAME_LENGTH} characters`,
      },
    },
    invalidAttachment,
  );

@SchemaRules({ additionalProperties: false })
export class EmailTagDto {
  @ApiProperty({ example: 'category', pattern: TAG_PART.source })
  @Matches(TAG_PART, {
    message: 'tag names are 1 to 256 letters, digits, _ or -',
    ...invalidTag,
  })
  name!: string;

  @ApiProperty({ example: 'receipt', pattern: TAG_PART.source })
  @Matches(TAG_PART, {
    message: 'tag values are 1 to 256 letters, digits, _ or -',
    ...invalidTag,
  })
  value!: string;
}

@SchemaRules({ additionalProperties: false })
export class EmailAttachmentDto {
  @ApiProperty({
    example: 'receipt-2891.pdf',
    description:
      'Stored and sent cleaned: the last path segment only, without control or invisible characters, leading dots or trailing dots and spaces, at most 255 UTF-8 bytes with the extension kept.',
  })
  @IsRawFilename()
  filename!: string;

  @ApiProperty({
    example: 'T3JkZXIgMjg5MTogMiB4IFdpZGdldCBQcm8sICQ1OS45OAo=',
    description:
      'The bytes, standard base64 with padding (line breaks allowed). Sent, then dropped: the record keeps name, type, size and SHA-256 only.',
  })
  @IsString({ message: 'content must be base64 text', ...invalidAttachment })
  content!: string;

  @ApiProperty({
    example: 'text/plain',
    pattern: MEDIA_TYPE.source,
    description: 'The media type, parameters allowed (`invalid_attachment`)',
  })
  @Matches(MEDIA_TYPE, {
    message: 'contentType must be a media type such as application/pdf',
    ...invalidAttachment,
  })
  contentType!: string;
}

/** Whole-body examples, as Swagger UI offers them: raw, HTML, attachment, template. */
export const EMAIL_EXAMPLES = {
  text: {
    summary: 'A plain-text email',
    value: {
      to: 'alex@example.com',
      from: 'billing@example.com',
      subject: 'Receipt #2891',
      text: 'Thanks for your payment.',
    },
  },
  html: {
    summary: 'HTML with a sender name, cc, headers and tags',
    value: {
      to: ['alex@example.com'],
      cc: 'finance@example.com',
      from: 'billing@example.com',
      fromName: 'Acme Billing',
      subject: 'Reçu nº 2891 ✓',
      html: '<h1>Thanks!</h1><p>We received your payment.</p>',
      headers: { 'List-Unsubscribe': '<https://example.com/unsubscribe/2891>' },
      tags: [{ name: 'category', value: 'receipt' }],
    },
  },
  attachment: {
    summary: 'With an attachment',
    value: {
      to: 'alex@example.com',
      from: 'billing@example.com',
      subject: 'Your receipt',
      text: 'Your receipt is attached.',
      attachments: [
        {
          filename: 'receipt.txt',
          contentType: 'text/plain',
          content: 'T3JkZXIgMjg5MTogMiB4IFdpZGdldCBQcm8sICQ1OS45OAo=',
        },
      ],
    },
  },
  template: {
    summary: 'From the stored template order_shipped (create it first)',
    value: {
      to: 'alex@example.com',
      from: 'shop@example.com',
      template: 'order_shipped',
      templateData: { orderId: 'ORD-12345', name: 'Alex', carrier: 'UPS' },
    },
  },
};

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
}
