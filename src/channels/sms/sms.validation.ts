import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { isE164, normalisePhoneNumber } from '../../common/validation/phone-number';
import { ALPHANUMERIC_SENDER, MESSAGING_SERVICE_SID } from '../../contract/content/sms.content';

/** Longest body, in UTF-16 code units: the limit Twilio applies to a message body. */
export const SMS_BODY_MAX_LENGTH = 1600;

/** The alphanumeric sender rule for the OpenAPI document, as two patterns both must match (no lookahead). */
export const ALPHANUMERIC_SENDER_SCHEMA = {
  type: 'string' as const,
  allOf: [{ pattern: '^[A-Za-z0-9 ]{1,11}$' }, { pattern: '[A-Za-z]' }],
};

/** A sender is an E.164 number (normalised on the way in) or an alphanumeric sender id. */
export function isSmsSender(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return isE164(value) || ALPHANUMERIC_SENDER.test(value);
}

/** `from`: normalised to E.164 when it is a number, refused with `invalid_sender` otherwise. */
export const IsSmsSender = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (normalisePhoneNumber(value) ?? value) : value,
    ),
    ValidateBy(
      {
        name: 'isSmsSender',
        validator: {
          validate: isSmsSender,
          defaultMessage: (args) =>
            `${args?.property ?? 'value'} must be a phone number in international form (+14155550199) or a sender id of 1 to 11 letters, digits and spaces with at least one letter`,
        },
      },
      { context: { code: 'invalid_sender' } },
    ),
  );

/** `messagingServiceSid`: `MG` + 32 hex digits (`invalid_messaging_service`). */
export const IsMessagingServiceSid = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isMessagingServiceSid',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && MESSAGING_SERVICE_SID.test(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a Messaging Service SID: MG followed by 32 hexadecimal digits`,
      },
    },
    { context: { code: 'invalid_messaging_service' } },
  );
