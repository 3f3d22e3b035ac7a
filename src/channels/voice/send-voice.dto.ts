import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsPhoneNumber, PHONE_NUMBER_PATTERN } from '../../common/validation/phone-number';
import { SendCommonDto } from '../../sending/send-common.dto';
import { HasText, MaxUtf16Length, VISIBLE_CHARACTER } from '../../common/validation/text';
import { SchemaRules } from '../../common/http/openapi-registry';
import { INVALID_TWIML, MAX_TWIML_LENGTH, twimlProblem } from './twiml.validator';
import { MACHINE_DETECTIONS, type MachineDetection } from '../../contract/content/voice.content';

/** As long as the URLs the service posts to may be. */
const TWIML_URL_MAX_LENGTH = 2048;

export const DEFAULT_RING_TIMEOUT = 30;

/** Twilio voice names: `alice`, `Polly.Joanna`, `Polly.Joanna-Neural`, `Google.en-US-Neural2-A`. */
const VOICE_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
/** A BCP 47 language tag as Twilio's `<Say>` takes it: `en-US`, `fr-FR`, `cmn-CN`, `arb`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;

/** Inline TwiML: well-formed, one `<Response>` root, at most 4,000 characters. */
const IsTwiml = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTwiml',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && twimlProblem(value) === undefined,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? `twiml ${twimlProblem(args.value) ?? 'is not valid'}`
            : 'twiml must be a string of TwiML',
      },
    },
    { context: { code: INVALID_TWIML } },
  );

/** Content fields may be left out, but not sent as null: null is refused, not taken as absent. */
const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

@SchemaRules({ additionalProperties: false })
export class SayDto {
  @ApiProperty({
    example: 'Your order 2891 has shipped.',
    pattern: VISIBLE_CHARACTER,
    maxLength: MAX_TWIML_LENGTH,
    description:
      'Text to speak (`message_empty`). It is XML-escaped into TwiML, which must stay within 4,000 characters with the voice and language (`message_too_long`).',
  })
  @HasText()
  @MaxUtf16Length(MAX_TWIML_LENGTH)
  text!: string;

  @ApiPropertyOptional({
    example: 'Polly.Joanna',
    pattern: VOICE_NAME.source,
    description:
      "A Twilio voice (alice, Polly.*, Google.*; `invalid_voice`); Twilio's default when absent",
  })
  @IsOptional()
  @Matches(VOICE_NAME, {
    message: 'say.voice must be a Twilio voice name such as alice or Polly.Joanna',
    context: { code: 'invalid_voice' },
  })
  voice?: string;

  @ApiPropertyOptional({
    example: 'en-US',
    pattern: LANGUAGE_TAG.source,
    description: 'Language tag (BCP 47; `invalid_language`)',
  })
  @IsOptional()
  @Matches(LANGUAGE_TAG, {
    message: 'say.language must be a language tag such as en-US',
    context: { code: 'invalid_language' },
  })
  language?: string;
}

/** Whole-body examples, as Swagger UI offers them: one for each kind of instructions. */
export const VOICE_EXAMPLES = {
  say: {
    summary: 'Speak a text',
    value: {
      to: '+14155550100',
      say: { text: 'Your order 2891 has shipped.', voice: 'Polly.Joanna', language: 'en-US' },
      timeout: 20,
    },
  },
  twiml: {
    summary: 'Follow inline TwiML',
    value: {
      to: '+14155550100',
      twiml: '<Response><Say>Your verification code is 1 2 3 4 5 6.</Say><Hangup/></Response>',
    },
  },
  twimlUrl: {
    summary: 'Follow TwiML that Twilio fetches',
    value: {
      to: '+14155550100',
      twimlUrl: 'https://example.com/twiml/greeting.xml',
      machineDetection: 'Enable',
    },
  },
};

/** Exactly one set of instructions. */
@SchemaRules({
  additionalProperties: false,
  oneOf: [{ required: ['twimlUrl'] }, { required: ['twiml'] }, { required: ['say'] }],
})
export class SendVoiceDto extends SendCommonDto {
  @ApiProperty({
    example: '+14155550100',
    pattern: PHONE_NUMBER_PATTERN,
    description: 'Number to call, in international form, stored in E.164 (`invalid_phone`)',
  })
  @IsPhoneNumber()
  to!: string;

  @ApiPropertyOptional({
    example: '+14155550199',
    pattern: PHONE_NUMBER_PATTERN,
    description:
      "Caller number in international form (`invalid_phone`); the provider's configured number when absent",
  })
  @IsOptional()
  @IsPhoneNumber()
  from?: string;

  @ApiPropertyOptional({
    example: 'https://example.com/twiml/greeting.xml',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
    maxLength: TWIML_URL_MAX_LENGTH,
    nullable: false,
    description:
      'URL Twilio fetches the call instructions (TwiML) from: public http(s), not on a private, loopback or link-local address unless OUTBOUND_ALLOW_PRIVATE is set (`invalid_url`). One of twimlUrl, twiml and say.',
  })
  @IsOmittable()
  @IsString({ context: { code: 'invalid_url' } })
  @MaxLength(TWIML_URL_MAX_LENGTH, { context: { code: 'invalid_url' } })
  twimlUrl?: string;

  @ApiPropertyOptional({
    example: '<Response><Say>Hello from Switchboard</Say><Hangup/></Response>',
    maxLength: MAX_TWIML_LENGTH,
    pattern: '^[\\s\\S]*<Response[\\s\\S]*>[\\s\\S]*$',
    nullable: false,
    description:
      'Call instructions as inline TwiML: well-formed XML with a <Response> root, at most 4,000 characters. One of twimlUrl, twiml and say.',
  })
  @IsOmittable()
  @IsTwiml()
  twiml?: string;

  @ApiPropertyOptional({
    type: () => SayDto,
    nullable: false,
    description: 'Text to speak, turned into TwiML for you. One of twimlUrl, twiml and say.',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested({ context: { code: 'invalid_type' } })
  @Type(() => SayDto)
  say?: SayDto;

  @ApiPropertyOptional({
    type: 'integer',
    example: 45,
    minimum: 5,
    maximum: 600,
    default: DEFAULT_RING_TIMEOUT,
    description: 'Seconds to let the phone ring before giving up (no-answer)',
  })
  @IsOptional()
  @Max(600)
  @Min(5)
  @IsInt()
  timeout?: number;

  @ApiPropertyOptional({
    enum: MACHINE_DETECTIONS,
    example: 'Enable',
    description:
      'Answering-machine detection: Enable tells a person from a machine as soon as it can, DetectMessageEnd also waits for the greeting to end',
  })
  @IsOptional()
  @IsIn(MACHINE_DETECTIONS)
  machineDetection?: MachineDetection;
}
