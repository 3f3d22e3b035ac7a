import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export class EmailAttachmentDto {
  @ApiProperty({
    example: 'receipt-2891.pdf',
    description:
      'Stored and sent cleaned: the last path segment only, without control or invisible characters, leading dots or trailing dots and spaces, at most 255 UTF-8 bytes with the extension kept.',
  })
  @IsRawFilename()
  filename!: string;

  @ApiProperty({
    example: 'JVBERi0xLjQK',
    description:
      'The bytes, standard base64 with padding (line breaks allowed). Sent, then dropped: the record keeps name, type, size and SHA-256 only.',
  })
  @IsString({ message: 'content must be base64 text', ...invalidAttachment })
  content!: string;

  @ApiProperty({ example: 'application/pdf', description: 'The media type, parameters allowed' })
  @Matches(MEDIA_TYPE, {
    message: 'contentType must be a media type such as application/pdf',
    ...invalidAttachment,
  })
  contentType!: string;
}

/**
 * An email send. The message is `text` and/or `html` under a `subject`, or a stored `template`
 * rendered with `templateData`; the service checks that one of them is there.
 */
export class SendEmailDto extends SendCommonDto {
  @ApiProperty({
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_RECIPIENTS },
    ],
    example: 'alex@example.com',
    description: `One address or a list, stored as a list. Bare addresses only (\`invalid_email\`); at least one (\`missing_recipients\`); to, cc and bcc hold at most ${MAX_RECIPIENTS} together (\`too_many_recipients\`).`,
  })
  @IsEmailAddressList()
  @HasRecipients()
  @WithinRecipientLimit()
  to!: string[];

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['finance@example.com'],
  })
  @IsOptional()
  @IsEmailAddressList()
  @WithinRecipientLimit()
  cc?: string[];

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'Recipients no other recipient sees',
  })
  @IsOptional()
  @IsEmailAddressList()
  @WithinRecipientLimit()
  bcc?: string[];

  @ApiPropertyOptional({
    example: 'billing@example.com',
    description: "Sender address; the provider's configured sender when absent",
  })
  @IsOptional()
  @IsEmailAddress()
  from?: string;

  @ApiPropertyOptional({
    example: 'Acme Billing',
    maxLength: MAX_FROM_NAME_LENGTH,
    description: 'Sender name shown by mail clients; any Unicode, one line',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FROM_NAME_LENGTH)
  @IsHeaderValue()
  fromName?: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' }, maxItems: MAX_REPLY_TO },
    ],
    example: 'support@example.com',
  })
  @IsOptional()
  @IsEmailAddressList()
  @AtMostItems(MAX_REPLY_TO, 'too_many')
  replyTo?: string[];

  @ApiPropertyOptional({
    example: 'Receipt #2891',
    maxLength: MAX_SUBJECT_LENGTH,
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
    additionalProperties: { type: 'string' },
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
