export const ERROR_CATEGORIES = [
  'PROVIDER_OUTAGE',
  'TIMEOUT',
  'RATE_LIMITED',
  'AUTH_ERROR',
  'CONFIGURATION_ERROR',
  'INVALID_RECIPIENT',
  'CONTENT_REJECTED',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];
