import { isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** An RFC 3339 date-time (OpenAPI's `format: date-time`) naming a real day and time. */
function isRfc3339DateTime(value: string): boolean {
  const match = RFC_3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes] =
    match[8].toUpperCase() === 'Z' ? [0, 0] : [Number(match[9]), Number(match[10])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/**
 * A strict ISO 8601 date, or any RFC 3339 date-time: the strict check alone refuses the years
 * 0000–0099 (it checks the calendar with `Date`, which reads them as 1900–1999), which the
 * document's `format: date-time` allows.
 */
export const isDateTime = (value: unknown): boolean =>
  typeof value === 'string' && (isISO8601(value, { strict: true }) || isRfc3339DateTime(value));

/** `@IsISO8601({ strict: true })` that also takes every RFC 3339 date-time; code `invalid_date`. */
export const IsDateTime = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIso8601',
      validator: {
        validate: isDateTime,
        defaultMessage: () => '$property must be a valid ISO 8601 date string',
      },
    },
    options,
  );
