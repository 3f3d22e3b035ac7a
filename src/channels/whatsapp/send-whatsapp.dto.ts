import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SendCommonDto } from '../../sending/send-common.dto';
import { HasText, MaxUtf16Length, VISIBLE_CHARACTER } from '../../common/validation/text';
import { SchemaRules } from '../../common/http/openapi-registry';
import { PHONE_NUMBER_PATTERN } from '../../common/validation/phone-number';
import {
  isWhatsAppMediaType,
  MAX_WHATSAPP_CAPTION,
  WHATSAPP_MEDIA_TYPE_PATTERN,
  MAX_WHATSAPP_MEDIA,
  WHATSAPP_MEDIA_TYPES,
} from './whatsapp-media';
import { IsWhatsAppNumber } from './whatsapp-number';

/** Twilio's Content SID: HX and 32 hexadecimal digits. */
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
/** Twilio's limit on a message body, in UTF-16 code units. */
const MAX_WHATSAPP_BODY = 1600;
const MAX_TEMPLATE_VARIABLES = 100;
const MAX_VARIABLE_NAME = 64;
const MAX_VARIABLE_VALUE = 1024;
const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;

const isTemplateVariables = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length <= MAX_TEMPLATE_VARIABLES &&
  Object.entries(value).every(
    ([name, text]) =>
      name.length <= MAX_VARIABLE_NAME &&
      VARIABLE_NAME.test(name) &&
      typeof text === 'string' &&
      text.length > 0 &&
      text.length <= MAX_VARIABLE_VALUE,
  );

/** Template variables: placeholder name ("1", "2" ...) → non-empty text of up to 1,024 characters. */
const IsTemplateVariables = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTemplateVariables',
      validator: {
        validate: isTemplateVariables,
        defaultMessage: () =>
          `template.variables must map at most ${MAX_TEMPLATE_VARIABLES} placeholder names (letters, digits, _) to non-empty strings of up to ${MAX_VARIABLE_VALUE} characters`,
      },
    },
    { context: { code: 'invalid_template_variables' } },
  );

const IsWhatsAppMediaType = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isWhatsAppMediaType',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isWhatsAppMediaType(value),
        defaultMessage: () =>
          `contentType must be one WhatsApp takes: ${WHATSAPP_MEDIA_TYPES.join(', ')}`,
      },
    },
    { context: { code: 'unsupported_media_type' } },
  );

/** At most the items Twilio sends in one WhatsApp message; a value that is no list is IsArray's. */
const MediaCount = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'mediaCount',
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.length <= MAX_WHATSAPP_MEDIA,
        defaultMessage: () =>
          `media takes at most ${MAX_WHATSAPP_MEDIA} item: Twilio sends one per WhatsApp message`,
      },
    },
    { context: { code: 'too_many_media' } },
  );

/** Content fields may be left out, but not sent as null: null is refused, not taken as absent. */
const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

@SchemaRules({ additionalProperties: false })
export class WhatsappMediaDto {
  @ApiProperty({
    example: 'https://example.com/receipts/2891.pdf',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
    maxLength: 2048,
    description:
      'Public http(s) URL Twilio fetches the file from: at most 16 MB (images 5 MB), served with a Content-Type WhatsApp takes. Not on a private, loopback or link-local address unless OUTBOUND_ALLOW_PRIVATE is set (`invalid_url`).',
  })
  @IsString({ context: { code: 'invalid_url' } })
  @MaxLength(2048, { context: { code: 'invalid_url' } })
  url!: string;

  @ApiPropertyOptional({
    example: 'application/pdf',
    pattern: WHATSAPP_MEDIA_TYPE_PATTERN,
    description: `The file's media type, when you want it checked before sending: one of ${WHATSAPP_MEDIA_TYPES.join(', ')}, parameters allowed (audio/ogg; codecs=opus). Otherwise \`unsupported_media_type\`.`,
  })
  @IsOptional()
  @IsWhatsAppMediaType()
  contentType?: string;

  @ApiPropertyOptional({
    example: 'Your receipt for order 2891',
    pattern: VISIBLE_CHARACTER,
    maxLength: MAX_WHATSAPP_CAPTION,
    description:
      'Text shown with the media. Twilio sends it as the message body, so give either body or caption, not both.',
  })
  @IsOptional()
  @HasText()
  @MaxUtf16Length(MAX_WHATSAPP_CAPTION)
  caption?: string;
}

@SchemaRules({ additionalProperties: false })
export class WhatsappTemplateDto {
  @ApiProperty({
    example: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
    pattern: CONTENT_SID.source,
    description: "Twilio Content SID of a template WhatsApp has approved (Twilio's Content API)",
  })
  @Matches(CONTENT_SID, {
    message: 'template.contentSid must be a Twilio Content SID: HX and 32 hexadecimal digits',
    context: { code: 'invalid_content_sid' },
  })
  contentSid!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', minLength: 1, maxLength: MAX_VARIABLE_VALUE },
    maxProperties: MAX_TEMPLATE_VARIABLES,
    example: { '1': 'Alice', '2': '12 June at 3pm' },
    description:
      "Values of the template's placeholders ({{1}}, {{2}} ...) by name: at most 100 names of 1 to 64 letters, digits and _, each to a non-empty text of up to 1024 characters (`invalid_template_variables`)",
  })
  @IsOptional()
  @IsTemplateVariables()
  variables?: Record<string, string>;
}

/** Whole-body examples, as Swagger UI offers them. */
export const WHATSAPP_EXAMPLES = {
  text: {
    summary: "A text, inside the recipient's 24-hour session",
    value: { to: '+14155550100', body: 'Your order 2891 has shipped.' },
  },
  media: {
    summary: 'A document with a caption',
    value: {
      to: '+14155550100',
      media: [
        {
          url: 'https://example.com/receipts/2891.pdf',
          contentType: 'application/pdf',
          caption: 'Your receipt for order 2891',
        },
      ],
    },
  },
  template: {
    summary: 'An approved template, to start a conversation',
    value: {
      to: '+14155550100',
      template: {
        contentSid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
        variables: { '1': 'Alice', '2': '12 June at 3pm' },
      },
    },
  },
};

const given = (field: string): SchemaObject =>
  field === 'media'
    ? { required: [field], properties: { media: { type: 'array', minItems: 1 } } }
    : { required: [field] };

/**
 * Free-form (body and/or media) or a template, not both; a caption goes with media only when
 * there is no body. Content fields refuse null.
 */
@SchemaRules({
  additionalProperties: false,
  oneOf: [
    { required: ['template'], not: { anyOf: [given('body'), given('media')] } },
    { anyOf: [given('body'), given('media')], not: given('template') },
  ],
  not: {
    required: ['body', 'media'],
    properties: {
      media: {
        type: 'array',
        minItems: 1,
        items: { required: ['caption'], properties: { caption: { type: 'string' } } },
      },
    },
  },
})
export class SendWhatsappDto extends SendCommonDto {
  @ApiProperty({
    example: '+14155550100',
    pattern: `^(whatsapp:)?${PHONE_NUMBER_PATTERN.slice(1)}`,
    description:
      'Recipient in international form, stored in E.164 (`invalid_phone`). A whatsapp: prefix is not needed; when given it is taken off.',
  })
  @IsWhatsAppNumber()
  to!: string;

  @ApiPropertyOptional({
    example: '+14155550199',
    pattern: `^(whatsapp:)?${PHONE_NUMBER_PATTERN.slice(1)}`,
    description:
      "Sender: a WhatsApp-enabled number in international form (`invalid_phone`); the provider's configured sender when absent",
  })
  @IsOptional()
  @IsWhatsAppNumber()
  from?: string;

  @ApiPropertyOptional({
    example: 'Your order 2891 has shipped.',
    pattern: VISIBLE_CHARACTER,
    maxLength: MAX_WHATSAPP_BODY,
    nullable: false,
    description:
      "Free-form text (`message_empty`, `message_too_long`); delivered only inside the recipient's 24-hour session (use a template to start one). Not with a caption (`conflicting_content`).",
  })
  @IsOmittable()
  @HasText()
  @MaxUtf16Length(MAX_WHATSAPP_BODY)
  body?: string;

  @ApiPropertyOptional({
    type: () => [WhatsappMediaDto],
    maxItems: MAX_WHATSAPP_MEDIA,
    nullable: false,
    example: [
      {
        url: 'https://example.com/receipts/2891.pdf',
        contentType: 'application/pdf',
        caption: 'Your receipt for order 2891',
      },
    ],
    description:
      'One media item: Twilio sends one per WhatsApp message. Free-form, like body: inside the 24-hour session.',
  })
  @IsOmittable()
  @IsArray()
  @MediaCount()
  @ValidateNested({ each: true, context: { code: 'invalid_type' } })
  @Type(() => WhatsappMediaDto)
  media?: WhatsappMediaDto[];

  @ApiPropertyOptional({
    type: () => WhatsappTemplateDto,
    nullable: false,
    description:
      'A pre-approved template, the way to message someone outside their 24-hour session. Not combined with body or media.',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested({ context: { code: 'invalid_type' } })
  @Type(() => WhatsappTemplateDto)
  template?: WhatsappTemplateDto;
}
