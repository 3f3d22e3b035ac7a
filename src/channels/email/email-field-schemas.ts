import type { ApiPropertyOptions } from '@nestjs/swagger';
import { VISIBLE_CHARACTER } from '../../common/validation/text';
import { MAX_RECIPIENTS } from './email-address';
import { MAX_CUSTOM_HEADERS } from './email-headers';
import { MAX_RAW_FILENAME_LENGTH, MEDIA_TYPE } from './email-parts.dto';
import {
  MAX_FROM_NAME_LENGTH,
  MAX_PART_LENGTH,
  MAX_REPLY_TO,
  MAX_SUBJECT_LENGTH,
  ONE_LINE,
} from './send-email.dto';

/**
 * The email route's rules for fields that other routes (the dialects) take under other names
 * and hand to its checks, for their documents: the checks enforce them there too.
 */
export const EMAIL_ADDRESS = { type: 'string', format: 'email' } satisfies ApiPropertyOptions;
export const EMAIL_ADDRESSES = {
  type: 'array',
  items: EMAIL_ADDRESS,
  maxItems: MAX_RECIPIENTS,
} satisfies ApiPropertyOptions;
export const REPLY_TO = {
  oneOf: [EMAIL_ADDRESS, { type: 'array', items: EMAIL_ADDRESS, maxItems: MAX_REPLY_TO }],
} satisfies ApiPropertyOptions;
export const FROM_NAME = {
  type: 'string',
  maxLength: MAX_FROM_NAME_LENGTH,
  pattern: ONE_LINE,
} satisfies ApiPropertyOptions;
export const SUBJECT = {
  type: 'string',
  maxLength: MAX_SUBJECT_LENGTH,
  pattern: ONE_LINE,
} satisfies ApiPropertyOptions;
export const EMAIL_PART = {
  type: 'string',
  maxLength: MAX_PART_LENGTH,
} satisfies ApiPropertyOptions;
export const HEADER_FIELDS = {
  type: 'object',
  additionalProperties: { type: 'string', pattern: ONE_LINE },
  maxProperties: MAX_CUSTOM_HEADERS,
  description: 'Extra header fields: RFC 5322 names, one-line values',
} satisfies ApiPropertyOptions;
export const TEMPLATE_NAME = { type: 'string', maxLength: 100 } satisfies ApiPropertyOptions;
/** An attachment's parts; base64 that decodes canonically and safe file types are checked beyond. */
export const ATTACHMENT_FILENAME = {
  type: 'string',
  pattern: VISIBLE_CHARACTER,
  maxLength: MAX_RAW_FILENAME_LENGTH,
} satisfies ApiPropertyOptions;
export const ATTACHMENT_CONTENT = {
  type: 'string',
  pattern: '^[A-Za-z0-9+/=\\r\\n]+$',
} satisfies ApiPropertyOptions;
export const MEDIA_TYPE_SCHEMA = {
  type: 'string',
  pattern: MEDIA_TYPE.source,
} satisfies ApiPropertyOptions;
