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
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsPhoneNumber } from '../../common/validation/phone-number';
import { SendCommonDto } from '../../sending/send-common.dto';
import { HasText, MaxUtf16Length } from '../../common/validation/text';
import { INVALID_TWIML, MAX_TWIML_LENGTH, twimlProblem } from './twiml.validator';
import { MACHINE_DETECTIONS, type MachineDetection } from '../../contract/content/voice.content';

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

export class SayDto {
  @ApiProperty({
    example: 'Your order 2891 has shipped.',
    minLength: 1,
    maxLength: MAX_TWIML_LENGTH,
    description:
      'Text to speak. It is XML-escaped into TwiML, which must stay within 4,000 characters.',
  })
  @HasText()
  @MaxUtf16Length(MAX_TWIML_LENGTH)
  text!: string;

  @ApiPropertyOptional({
    example: 'Polly.Joanna',
    description: "A Twilio voice (alice, Polly.*, Google.*); Twilio's default when absent",
  })
  @IsOptional()
  @Matches(VOICE_NAME, {
    message: 'say.voice must be a Twilio voice name such as alice or Polly.Joanna',
    context: { code: 'invalid_voice' },
  })
  voice?: string;

  @ApiPropertyOptional({ example: 'en-US', description: 'Language tag (BCP 47)' })
  @IsOptional()
  @Matches(LANGUAGE_TAG, {
    message: 'say.language must be a language tag such as en-US',
    context: { code: 'invalid_language' },
  })
  language?: string;
}

export class SendVoiceDto extends SendCommonDto {
  @ApiProperty({ example: '+14155550100', description: 'Number to call, E.164' })
  @IsPhoneNumber()
  to!: string;

  @ApiPropertyOptional({
    example: '+14155550199',
    description: "Caller number, E.164; the provider's configured number when absent",
  })
  @IsOptional()
  @IsPhoneNumber()
  from?: string;

  @ApiPropertyOptional({
    example: 'https://example.com/twiml/greeting.xml',
    description:
      'URL Twilio fetches the call instructions (TwiML) from; public http(s). One of twimlUrl, twiml and say.',
  })
  @IsOmittable()
  @IsString({ context: { code: 'invalid_url' } })
  twimlUrl?: string;

  @ApiPropertyOptional({
    example: '<Response><Say>Hello from Switchboard</Say><Hangup/></Response>',
    maxLength: MAX_TWIML_LENGTH,
    description:
      'Call instructions as inline TwiML: well-formed XML with a <Response> root, at most 4,000 characters. One of twimlUrl, twiml and say.',
  })
  @IsOmittable()
  @IsTwiml()
  twiml?: string;

  @ApiPropertyOptional({
    type: () => SayDto,
    example: { text: 'Your order 2891 has shipped.', voice: 'Polly.Joanna', language: 'en-US' },
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
