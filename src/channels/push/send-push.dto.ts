import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { HasText, MaxUtf16Length, VISIBLE_CHARACTER } from '../../common/validation/text';
import { SchemaRules } from '../../common/http/openapi-registry';
import { SendCommonDto } from '../../sending/send-common.dto';
import { ExclusiveWith } from '../../common/validation/exclusive-with';
import type { WebPushKeys } from '../../contract/content/push.content';
import {
  IsPushData,
  IsPushSubscription,
  IsPushToken,
  MAX_ENDPOINT_LENGTH,
} from './push.validation';

/** Title and body stay well inside the 4 KB a push service takes for the encrypted payload. */
export const PUSH_TITLE_MAX_LENGTH = 200;
export const PUSH_BODY_MAX_LENGTH = 2000;

const P256DH_EXAMPLE =
  'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM';
const AUTH_EXAMPLE = 'tBHItJI5svbpez7KI4CCXg';
const ENDPOINT_EXAMPLE = 'https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHun4MxP5egoKMwt2KZ';
const TOKEN_EXAMPLE = 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx6bXHd0yqZ2G1lZ3n8y';

/**
 * A subscription's keys as patterns: p256dh is 65 bytes in base64url (87 characters) starting
 * with 0x04 (an uncompressed point: `B`, then `A` to `P`); auth is 16 bytes (22 characters).
 */
export const SUBSCRIPTION_KEYS_SCHEMA = {
  type: 'object' as const,
  required: ['p256dh', 'auth'],
  properties: {
    p256dh: { type: 'string' as const, pattern: '^B[A-P][A-Za-z0-9_-]{85}$' },
    auth: { type: 'string' as const, pattern: '^[A-Za-z0-9_-]{22}$' },
  },
};

/** Whole-body examples, as Swagger UI offers them: one for each kind of target. */
export const PUSH_EXAMPLES = {
  webPush: {
    summary: 'To a browser (Web Push subscription)',
    value: {
      pushSubscription: {
        endpoint: ENDPOINT_EXAMPLE,
        keys: { p256dh: P256DH_EXAMPLE, auth: AUTH_EXAMPLE },
      },
      subject: 'Order shipped',
      body: 'Your order 2891 is on its way.',
      url: 'https://shop.example.com/orders/2891',
    },
  },
  fcm: {
    summary: 'To an app (FCM registration token)',
    value: {
      pushToken: TOKEN_EXAMPLE,
      subject: 'Order shipped',
      body: 'Your order 2891 is on its way.',
      data: { orderId: '2891' },
    },
  },
};

/**
 * A browser's PushSubscription, as `subscription.toJSON()` gives it: both members required,
 * others (such as `expirationTime`) ignored.
 */
@SchemaRules({ required: ['endpoint', 'keys'], additionalProperties: true })
export class PushSubscriptionDto {
  @ApiProperty({
    example: ENDPOINT_EXAMPLE,
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]://',
    maxLength: MAX_ENDPOINT_LENGTH,
    description:
      'The push service URL of the subscription: https, and not a private or reserved address (`invalid_url`), checked again when sent.',
  })
  endpoint!: string;

  @ApiProperty({
    ...SUBSCRIPTION_KEYS_SCHEMA,
    example: { p256dh: P256DH_EXAMPLE, auth: AUTH_EXAMPLE },
    description: 'p256dh: 65-byte P-256 public key; auth: 16-byte secret; both base64url.',
  })
  keys!: WebPushKeys;
}

/** Exactly one target: a subscription or a token (null is absent). */
@SchemaRules({
  additionalProperties: false,
  oneOf: [
    { required: ['pushSubscription'], properties: { pushSubscription: { type: 'object' } } },
    { required: ['pushToken'], properties: { pushToken: { type: 'string' } } },
  ],
})
export class SendPushDto extends SendCommonDto {
  @ApiPropertyOptional({
    type: PushSubscriptionDto,
    description:
      'A Web Push subscription (`invalid_subscription` when its keys are malformed). Give this or `pushToken`, not both (`parameters_exclusive`).',
  })
  @IsOptional()
  @IsPushSubscription()
  pushSubscription?: PushSubscriptionDto;

  @ApiPropertyOptional({
    example: TOKEN_EXAMPLE,
    pattern: '^[A-Za-z0-9_:.-]{32,4096}$',
    nullable: false,
    description:
      'An FCM registration token of an app or browser (`invalid_push_token`). One of `pushSubscription` and `pushToken` is required (`required`).',
  })
  @ValidateIf(
    (dto: SendPushDto) => dto.pushSubscription === undefined || dto.pushToken !== undefined,
  )
  @IsPushToken()
  @ExclusiveWith('pushSubscription')
  @IsDefined({
    message: 'give pushSubscription (Web Push) or pushToken (FCM)',
    context: { code: 'required' },
  })
  pushToken?: string;

  @ApiPropertyOptional({ example: 'Order shipped', maxLength: PUSH_TITLE_MAX_LENGTH })
  @IsOptional()
  @MaxUtf16Length(PUSH_TITLE_MAX_LENGTH)
  @IsString()
  subject?: string;

  @ApiProperty({
    example: 'Your order 2891 is on its way.',
    pattern: VISIBLE_CHARACTER,
    maxLength: PUSH_BODY_MAX_LENGTH,
    description: 'The notification text (`message_empty` when missing or blank).',
  })
  @HasText()
  @MaxUtf16Length(PUSH_BODY_MAX_LENGTH)
  body!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 1024 },
    maxProperties: 50,
    example: { orderId: '2891' },
    description:
      'Passed to the app or service worker as is: at most 50 keys of up to 64 characters, string values of up to 1024 (`invalid_data`).',
  })
  @IsOptional()
  @IsPushData()
  data?: Record<string, string>;

  @ApiPropertyOptional({
    example: 'https://shop.example.com/orders/2891',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
    maxLength: 2048,
    description: 'Where a click on the notification leads (`invalid_url` unless http(s)).',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  @IsString()
  url?: string;
}
