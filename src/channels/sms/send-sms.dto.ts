import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsPhoneNumber, PHONE_NUMBER_PATTERN } from '../../common/validation/phone-number';
import { notBoth, SchemaRules } from '../../common/http/openapi-registry';
import { SendCommonDto } from '../../sending/send-common.dto';
import { ExclusiveWith } from '../../common/validation/exclusive-with';
import { HasText, MaxUtf16Length, VISIBLE_CHARACTER } from '../../common/validation/text';
import { MESSAGING_SERVICE_SID } from '../../contract/content/sms.content';
import {
  ALPHANUMERIC_SENDER_SCHEMA,
  IsMessagingServiceSid,
  IsSmsSender,
  SMS_BODY_MAX_LENGTH,
} from './sms.validation';

/** Whole-body examples, as Swagger UI offers them. */
export const SMS_EXAMPLES = {
  text: {
    summary: 'A text with the default sender',
    value: { to: '+14155550100', body: 'Your code is 123456.' },
  },
  withSender: {
    summary: 'From an alphanumeric sender id',
    value: { to: '+1 (415) 555-0100', from: 'Acme', body: 'Your order 2891 has shipped.' },
  },
  messagingService: {
    summary: 'Through a Messaging Service, scheduled, with metadata',
    value: {
      to: '+14155550100',
      messagingServiceSid: 'MG9752274e9e519418a7406176694466fa',
      body: 'Your appointment is tomorrow at 10:00.',
      scheduledAt: '2099-01-01T09:00:00Z',
      metadata: { appointment: 'A-17' },
    },
  },
};

@SchemaRules({
  additionalProperties: false,
  ...notBoth(['from', 'string'], ['messagingServiceSid', 'string']),
})
export class SendSmsDto extends SendCommonDto {
  @ApiProperty({
    example: '+14155550100',
    pattern: PHONE_NUMBER_PATTERN,
    description:
      'Recipient in international form; spaces, dashes, dots and parentheses are accepted and the number is stored in E.164 (`+1 (415) 555-0100` becomes `+14155550100`). Invalid: `invalid_phone`.',
  })
  @IsPhoneNumber()
  to!: string;

  @ApiProperty({
    example: 'Your code is 123456',
    pattern: VISIBLE_CHARACTER,
    maxLength: SMS_BODY_MAX_LENGTH,
    description:
      'The text, sent as given. Must contain a visible character (`message_empty`, also for a missing body or only whitespace) and be at most 1600 UTF-16 code units, as JavaScript and Twilio count (an emoji counts two; `message_too_long`). GSM-7 text travels in parts of 160 characters (153 each when split); any other character makes it UCS-2, 70 (67) units per part.',
  })
  @HasText()
  @MaxUtf16Length(SMS_BODY_MAX_LENGTH)
  body!: string;

  @ApiPropertyOptional({
    example: 'Acme',
    anyOf: [{ type: 'string', pattern: PHONE_NUMBER_PATTERN }, ALPHANUMERIC_SENDER_SCHEMA],
    description:
      "Sender: a number in international form (stored in E.164) or an alphanumeric sender id of 1 to 11 letters, digits and spaces with at least one letter, such as `Acme`. Invalid: `invalid_sender`. Without it (and without `messagingServiceSid`) the provider's configured sender is used.",
  })
  @IsOptional()
  @IsSmsSender()
  from?: string;

  @ApiPropertyOptional({
    example: 'MG9752274e9e519418a7406176694466fa',
    pattern: MESSAGING_SERVICE_SID.source,
    description:
      'Send through this Twilio Messaging Service instead of a sender number (`invalid_messaging_service` when malformed). Not together with `from` (`parameters_exclusive`).',
  })
  @IsOptional()
  @IsMessagingServiceSid()
  @ExclusiveWith('from')
  messagingServiceSid?: string;
}
