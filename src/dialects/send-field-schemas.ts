import type { ApiPropertyOptions } from '@nestjs/swagger';
import {
  MAX_FROM_NAME_LENGTH,
  MAX_PART_LENGTH,
  MAX_REPLY_TO,
  MAX_SUBJECT_LENGTH,
  ONE_LINE,
} from '../channels/email/send-email.dto';
import { MAX_RECIPIENTS } from '../channels/email/email-address';
import { MAX_RAW_FILENAME_LENGTH, MEDIA_TYPE } from '../channels/email/email-parts.dto';
import { ALPHANUMERIC_SENDER_SCHEMA, SMS_BODY_MAX_LENGTH } from '../channels/sms/sms.validation';
import { PHONE_NUMBER_PATTERN } from '../common/validation/phone-number';
import { VISIBLE_CHARACTER } from '../common/validation/text';

/**
 * The unified send routes' rules for the fields a dialect hands them under other names, for the
 * dialects' documents: the unified checks enforce them on every dialect's send.
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
export const TEMPLATE_NAME = { type: 'string', maxLength: 100 } satisfies ApiPropertyOptions;

export const PHONE_NUMBER = {
  type: 'string',
  pattern: PHONE_NUMBER_PATTERN,
} satisfies ApiPropertyOptions;
export const SMS_SENDER = {
  anyOf: [PHONE_NUMBER, ALPHANUMERIC_SENDER_SCHEMA],
} satisfies ApiPropertyOptions;
export const SMS_TEXT = {
  type: 'string',
  pattern: VISIBLE_CHARACTER,
  maxLength: SMS_BODY_MAX_LENGTH,
} satisfies ApiPropertyOptions;

/** The status callback URL; whether it is absolute and public is checked beyond the pattern. */
export const CALLBACK_URL = {
  type: 'string',
  maxLength: 2048,
  pattern: '^([Hh][Tt][Tt][Pp][Ss]?://.*)?$',
} satisfies ApiPropertyOptions;

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
