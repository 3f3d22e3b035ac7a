import { ValidateBy } from 'class-validator';

/**
 * A user id as the app knows its users: 1 to 128 letters, digits and `_ . : @ -`, starting
 * with a letter or digit. Enough for UUIDs, database ids, `tenant:42` and email addresses,
 * while staying safe in a URL path and a log line.
 */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;

/** `userId`: refused with `invalid_user_id` unless it matches `USER_ID_PATTERN`. */
export const IsUserId = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isUserId',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && USER_ID_PATTERN.test(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'userId'} must be 1 to 128 letters, digits or _ . : @ -, starting with a letter or digit`,
      },
    },
    { context: { code: 'invalid_user_id' } },
  );
