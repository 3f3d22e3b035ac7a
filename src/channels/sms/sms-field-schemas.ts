import type { ApiPropertyOptions } from '@nestjs/swagger';
import { PHONE_NUMBER_PATTERN } from '../../common/validation/phone-number';
import { VISIBLE_CHARACTER } from '../../common/validation/text';
import { ALPHANUMERIC_SENDER_SCHEMA, SMS_BODY_MAX_LENGTH } from './sms.validation';

/**
 * The SMS route's rules for fields that other routes (the dialects) take under other names and
 * hand to its checks, for their documents: the checks enforce them there too.
 */
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
