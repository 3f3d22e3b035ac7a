import type { ApiPropertyOptions } from '@nestjs/swagger';

/** The status callback URL; whether it is absolute and public is checked beyond the pattern. */
export const CALLBACK_URL = {
  type: 'string',
  maxLength: 2048,
  pattern: '^([Hh][Tt][Tt][Pp][Ss]?://.*)?$',
} satisfies ApiPropertyOptions;
