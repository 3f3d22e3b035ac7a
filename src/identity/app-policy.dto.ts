import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  isEmail,
  isFQDN,
  isIP,
  Matches,
  ValidateBy,
} from 'class-validator';
import { toE164 } from '../common/validation/phone-number';
import { ALPHANUMERIC_SENDER, MESSAGING_SERVICE_SID } from '../contract/content/sms.content';
import {
  type AppSenders,
  TWIML_ALLOWANCES,
  type TwimlAllowance,
  type TwimlPolicy,
} from './app.model';

const MAX_ENTRIES = 100;

/** A host name (or an IPv4 address), lower-cased: what URL host names compare with. */
const isHostName = (value: unknown): boolean =>
  typeof value === 'string' &&
  value.length <= 253 &&
  (isFQDN(value, { require_tld: false }) || isIP(value, 4));

const isEmailSender = (value: unknown): boolean =>
  typeof value === 'string' && value.length <= 254 && (isEmail(value) || isHostName(value));

const isPhoneSender = (value: unknown): boolean =>
  typeof value === 'string' &&
  (toE164(value) === value || MESSAGING_SERVICE_SID.test(value) || ALPHANUMERIC_SENDER.test(value));

/** Each string of a list lower-cased: addresses, domains and hosts compare without case. */
const lowerCased = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.toLowerCase() : item))
    : value;

/** Each number of a list in E.164; other senders as given. */
const inE164 = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? (toE164(item) ?? item) : item))
    : value;

const each = (name: string, validate: (value: unknown) => boolean, message: string) =>
  ValidateBy(
    { name, validator: { validate, defaultMessage: () => message } },
    { each: true, context: { code: 'invalid_sender' } },
  );

/** Who an app may send as; `PUT /apps/{id}/senders` replaces both lists. */
/** Whole-body examples, as Swagger UI offers them. */
export const APP_SENDERS_EXAMPLES = {
  senders: {
    summary: 'A domain, a number, a Messaging Service and a sender id',
    value: {
      email: ['example.com'],
      phone: ['+14155550199', 'MG9752274e9e519418a7406176694466fa', 'Acme'],
    },
  },
};

export const TWIML_POLICY_EXAMPLES = {
  dialing: {
    summary: 'Calls may Dial numbers in +1415 and fetch TwiML from one host',
    value: { allow: ['Dial'], dialPrefixes: ['+1415'], urlHosts: ['example.com'] },
  },
};

export class AppSendersDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_ENTRIES,
    example: ['billing@shop.example', 'news.shop.example'],
    description:
      'Email senders: addresses, and domains whose every address the app may send from (the domain exactly, not its subdomains). Compared without case.',
  })
  @Transform(lowerCased)
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @ArrayUnique()
  @each('isEmailSender', isEmailSender, 'each email sender must be an address or a domain')
  email!: string[];

  @ApiProperty({
    type: [String],
    maxItems: MAX_ENTRIES,
    example: ['+14155550199', 'MG9752274e9e519418a7406176694466fa', 'Shop'],
    description:
      'SMS, WhatsApp and voice senders: numbers in international form (stored in E.164), Messaging Service SIDs and alphanumeric sender ids (1 to 11 letters, digits and spaces).',
  })
  @Transform(inE164)
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @ArrayUnique()
  @each(
    'isPhoneSender',
    isPhoneSender,
    'each phone sender must be a number in international form, a Messaging Service SID or an alphanumeric sender id',
  )
  phone!: string[];

  static of(senders: AppSenders = { email: [], phone: [] }): AppSendersDto {
    return { email: [...senders.email], phone: [...senders.phone] };
  }
}

/** What an app's TwiML may do beyond the default; `PUT /apps/{id}/twiml-policy` replaces it. */
export class TwimlPolicyDto {
  @ApiProperty({
    enum: TWIML_ALLOWANCES,
    isArray: true,
    example: ['Dial'],
    description:
      'TwiML elements allowed beyond Say, Play, Pause, Gather and Hangup; Number comes with Dial.',
  })
  @IsArray()
  @ArrayUnique()
  @IsIn(TWIML_ALLOWANCES, { each: true })
  allow!: TwimlAllowance[];

  @ApiProperty({
    type: [String],
    maxItems: MAX_ENTRIES,
    example: ['+1415', '+4930'],
    description: 'E.164 prefixes of the numbers Dial (and Sms) may reach; none: no number.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @ArrayUnique()
  @Matches(/^\+\d{1,15}$/, {
    each: true,
    message: 'each dial prefix must be + and 1 to 15 digits',
  })
  dialPrefixes!: string[];

  @ApiProperty({
    type: [String],
    maxItems: MAX_ENTRIES,
    example: ['ivr.shop.example'],
    description:
      "Hosts the URLs in the TwiML (Gather's action, Redirect, status callbacks) and twimlUrl may point at; none: no such URL.",
  })
  @Transform(lowerCased)
  @IsArray()
  @ArrayMaxSize(MAX_ENTRIES)
  @ArrayUnique()
  @ValidateBy(
    {
      name: 'isHostName',
      validator: {
        validate: isHostName,
        defaultMessage: () => 'each URL host must be a host name',
      },
    },
    { each: true, context: { code: 'invalid_format' } },
  )
  urlHosts!: string[];

  static of(policy: TwimlPolicy = { allow: [], dialPrefixes: [], urlHosts: [] }): TwimlPolicyDto {
    return {
      allow: [...policy.allow],
      dialPrefixes: [...policy.dialPrefixes],
      urlHosts: [...policy.urlHosts],
    };
  }
}
