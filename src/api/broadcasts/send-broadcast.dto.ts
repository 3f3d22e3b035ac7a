import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger';
import { SchemaRules } from '../../common/http/openapi-registry';
import { HasText, VISIBLE_CHARACTER } from '../../common/validation/text';
import { SendCommonDto } from '../../sending/send-common.dto';
import { CHANNELS, type Channel } from '../../contract/channel';

/** Whether the request chose `channel`; a malformed `channels` is its own rules' to report. */
const chose = (object: object, ...channels: readonly Channel[]): boolean => {
  const chosen = (object as { channels?: unknown }).channels;
  return Array.isArray(chosen) && channels.some((channel) => chosen.includes(channel));
};

const isKind = (value: unknown, kind: 'string' | 'object'): boolean =>
  kind === 'string'
    ? typeof value === 'string'
    : typeof value === 'object' && value !== null && !Array.isArray(value);

/** Null is absent, as for every optional field. */
const isMissing = (value: unknown): boolean => value === undefined || value === null;

/**
 * Of the kind whenever given, also for a channel not chosen (whose address is then ignored);
 * a missing address is RequiredFor's to report, once.
 */
const IsWhenGiven = (kind: 'string' | 'object'): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isWhenGiven',
      validator: {
        validate: (value: unknown) => isMissing(value) || isKind(value, kind),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be ${kind === 'string' ? 'a string' : 'an object'}`,
      },
    },
    { context: { code: 'invalid_type' } },
  );

/** `sms, whatsapp or voice` */
const listed = (channels: readonly Channel[]): string =>
  channels.length === 1
    ? (channels[0] ?? '')
    : `${channels.slice(0, -1).join(', ')} or ${channels.at(-1) ?? ''}`;

/**
 * Required when channels include one of `channels` (`required`), unless `alternative` is given
 * instead; a malformed `channels` is its own rules' to report.
 */
const RequiredFor = (channels: readonly Channel[], alternative?: string): PropertyDecorator =>
  ValidateBy(
    {
      name: 'requiredFor',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const object = (args?.object ?? {}) as Record<string, unknown>;
          const replaced = alternative !== undefined && !isMissing(object[alternative]);
          return !chose(object, ...channels) || replaced || !isMissing(value);
        },
        defaultMessage: (args) =>
          `${args?.property ?? 'value'}${alternative === undefined ? '' : ` or ${alternative}`} is required when channels include ${listed(channels)}`,
      },
    },
    { context: { code: 'required' } },
  );

/** The address rule of each channel's field, for the document: required when chosen. */
const requiredWhenChosen = (field: string, channels: readonly Channel[]): SchemaObject => ({
  anyOf: [
    { required: [field] },
    { properties: { channels: { items: { not: { enum: [...channels] } } } } },
  ],
});

/** Whole-body examples, as Swagger UI offers them: an API key's, and a token's. */
export const BROADCAST_EXAMPLES = {
  withApiKey: {
    summary: 'With an API key: email, SMS and in-app',
    value: {
      subject: 'System maintenance',
      body: 'A maintenance window starts at 22:00 UTC.',
      channels: ['email', 'sms', 'inapp'],
      email: 'user@example.com',
      phone: '+14155550100',
      userId: 'user-8271',
    },
  },
  withToken: {
    summary: 'With a sender or admin token: the app is named (use one of yours)',
    value: {
      appId: 'app_6553f1a0c9e77a12b3c4d5e6',
      subject: 'System maintenance',
      body: '<p>A maintenance window starts at <b>22:00 UTC</b>.</p>',
      isHtml: true,
      channels: ['email', 'webhook'],
      email: 'user@example.com',
      webhookUrl: 'https://example.com/hooks/notify',
    },
  },
};

/**
 * A broadcast: one subject and body, sent to every chosen channel at the address given for it.
 * Each channel's own rules apply to what it is sent; a channel that refuses its part reports it
 * in its result. `provider` is not taken: provider ids belong to one channel each.
 */
@SchemaRules({
  additionalProperties: false,
  allOf: [
    requiredWhenChosen('email', ['email']),
    requiredWhenChosen('phone', ['sms', 'whatsapp', 'voice']),
    requiredWhenChosen('userId', ['inapp']),
    requiredWhenChosen('webhookUrl', ['webhook']),
    {
      anyOf: [
        { required: ['pushSubscription'] },
        { required: ['pushToken'] },
        { properties: { channels: { items: { not: { enum: ['push'] } } } } },
      ],
    },
  ],
})
export class SendBroadcastDto extends OmitType(SendCommonDto, ['provider'] as const) {
  @ApiProperty({
    example: 'System maintenance',
    pattern: VISIBLE_CHARACTER,
    description:
      "Email subject; the title of webhook, in-app and push notifications. At least one visible character (`message_empty`); each channel's own length limit applies to its part.",
  })
  @HasText()
  subject!: string;

  @ApiProperty({
    example: 'A scheduled maintenance window starts at 22:00 UTC.',
    pattern: VISIBLE_CHARACTER,
    description:
      "The text of every channel; voice calls speak it. At least one visible character (`message_empty`); each channel's own length limit applies to its part.",
  })
  @HasText()
  body!: string;

  @ApiPropertyOptional({ default: false, description: 'Email: send the body as HTML' })
  @IsOptional()
  @IsBoolean()
  isHtml?: boolean;

  @ApiProperty({
    enum: CHANNELS,
    isArray: true,
    minItems: 1,
    uniqueItems: true,
    example: ['email', 'sms', 'inapp'],
    description: 'Channels to send through, each at most once (`duplicate`)',
  })
  @IsArray()
  @ArrayNotEmpty({ context: { code: 'required' } })
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  @ApiPropertyOptional({
    example: 'user@example.com',
    description:
      "Required with email (`required`); a string whenever given. Checked by the email channel's rules, in its result.",
  })
  @RequiredFor(['email'])
  @IsWhenGiven('string')
  email?: string;

  @ApiPropertyOptional({
    example: '+14155550100',
    description:
      "A number in international form; required with sms, whatsapp or voice (`required`); a string whenever given. Checked by each channel's rules, in its result.",
  })
  @RequiredFor(['sms', 'whatsapp', 'voice'])
  @IsWhenGiven('string')
  phone?: string;

  @ApiPropertyOptional({
    example: 'user-8271',
    description:
      "Required with inapp (`required`); a string whenever given. Checked by the in-app channel's rules, in its result.",
  })
  @RequiredFor(['inapp'])
  @IsWhenGiven('string')
  userId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: {
      endpoint: 'https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bH',
      keys: {
        p256dh:
          'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      },
    },
    description:
      "A Web Push subscription `{endpoint, keys: {p256dh, auth}}`; with push, this or pushToken is required (`required`); an object whenever given. Checked by the push channel's rules, in its result.",
  })
  @RequiredFor(['push'], 'pushToken')
  @IsWhenGiven('object')
  pushSubscription?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      "An FCM registration token; with push, this or pushSubscription; a string whenever given. Checked by the push channel's rules, in its result.",
  })
  @IsWhenGiven('string')
  pushToken?: string;

  @ApiPropertyOptional({
    example: 'https://example.com/hooks/notify',
    description:
      "Required with webhook (`required`); a string whenever given. Checked by the webhook channel's rules, in its result.",
  })
  @RequiredFor(['webhook'])
  @IsWhenGiven('string')
  webhookUrl?: string;
}
