import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { HasText, MaxUtf16Length } from '../../common/validation/text';
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

/** A browser's PushSubscription, as `subscription.toJSON()` gives it. */
export class PushSubscriptionDto {
  @ApiProperty({
    example: 'https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bH...',
    maxLength: MAX_ENDPOINT_LENGTH,
    description:
      'The push service URL of the subscription: https, and not a private or reserved address (`invalid_url`), checked again when sent.',
  })
  endpoint!: string;

  @ApiProperty({
    example: {
      p256dh:
        'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
      auth: 'tBHItJI5svbpez7KI4CCXg',
    },
    description: 'p256dh: 65-byte P-256 public key; auth: 16-byte secret; both base64url.',
  })
  keys!: WebPushKeys;
}

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
    example: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx6bXHd0yqZ2G1lZ3n8y',
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
    maxLength: PUSH_BODY_MAX_LENGTH,
    description: 'The notification text (`message_empty` when missing or blank).',
  })
  @HasText()
  @MaxUtf16Length(PUSH_BODY_MAX_LENGTH)
  body!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { orderId: '2891' },
    description: 'Passed to the app or service worker as is: string values only (`invalid_data`).',
  })
  @IsOptional()
  @IsPushData()
  data?: Record<string, string>;

  @ApiPropertyOptional({
    example: 'https://shop.example.com/orders/2891',
    description: 'Where a click on the notification leads (`invalid_url` unless http(s)).',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  @IsString()
  url?: string;
}
