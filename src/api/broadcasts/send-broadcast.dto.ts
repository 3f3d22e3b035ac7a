import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { HasText } from '../../common/validation/text';
import { SendCommonDto } from '../../sending/send-common.dto';
import { CHANNELS, type Channel } from '../../contract/channel';

/** Whether the request chose `channel`; a malformed `channels` is its own rules' to report. */
const chose = (object: object, ...channels: Channel[]): boolean => {
  const chosen = (object as { channels?: unknown }).channels;
  return Array.isArray(chosen) && channels.some((channel) => chosen.includes(channel));
};

/** The address is checked only for a chosen channel: others ignore it. */
const AddressOf = (...channels: Channel[]): PropertyDecorator =>
  ValidateIf((object: object) => chose(object, ...channels));

const isKind = (value: unknown, kind: 'string' | 'object'): boolean =>
  kind === 'string'
    ? typeof value === 'string'
    : typeof value === 'object' && value !== null && !Array.isArray(value);

/** Of the kind when given; a missing address is IsDefined's to report, once. */
const IsWhenGiven = (kind: 'string' | 'object'): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isWhenGiven',
      validator: {
        validate: (value: unknown) => value === undefined || value === null || isKind(value, kind),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be ${kind === 'string' ? 'a string' : 'an object'}`,
      },
    },
    { context: { code: 'invalid_type' } },
  );

const requiredFor = (names: string): { message: string } => ({
  message: `$property is required when channels include ${names}`,
});

/**
 * A broadcast: one subject and body, sent to every chosen channel at the address given for it.
 * Each channel's own rules apply to what it is sent; a channel that refuses its part reports it
 * in its result. `provider` is not taken: provider ids belong to one channel each.
 */
export class SendBroadcastDto extends OmitType(SendCommonDto, ['provider'] as const) {
  @ApiProperty({
    example: 'System maintenance',
    description: 'Email subject; the title of webhook, in-app and push notifications',
  })
  @HasText()
  subject!: string;

  @ApiProperty({
    example: 'A scheduled maintenance window starts at 22:00 UTC.',
    description: 'The text of every channel; voice calls speak it',
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
    example: ['email', 'sms', 'inapp'],
    description: 'Channels to send through, each at most once (`duplicate`)',
  })
  @IsArray()
  @ArrayNotEmpty({ context: { code: 'required' } })
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  @ApiPropertyOptional({ example: 'user@example.com', description: 'Required with email' })
  @AddressOf('email')
  @IsDefined(requiredFor('email'))
  @IsWhenGiven('string')
  email?: string;

  @ApiPropertyOptional({
    example: '+14155550100',
    description: 'E.164; required with sms, whatsapp or voice',
  })
  @AddressOf('sms', 'whatsapp', 'voice')
  @IsDefined(requiredFor('sms, whatsapp or voice'))
  @IsWhenGiven('string')
  phone?: string;

  @ApiPropertyOptional({ example: 'user-42', description: 'Required with inapp' })
  @AddressOf('inapp')
  @IsDefined(requiredFor('inapp'))
  @IsWhenGiven('string')
  userId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { endpoint: 'https://push.example.com/abc', keys: { p256dh: '…', auth: '…' } },
    description: 'Web Push subscription; with push, this or pushToken is required',
  })
  @ValidateIf(
    (object: SendBroadcastDto) =>
      chose(object, 'push') &&
      (object.pushToken === undefined || object.pushSubscription !== undefined),
  )
  @IsDefined({ message: 'pushSubscription or pushToken is required when channels include push' })
  @IsWhenGiven('object')
  pushSubscription?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'FCM device token; with push, this or pushSubscription' })
  @ValidateIf((object: SendBroadcastDto) => chose(object, 'push') && object.pushToken !== undefined)
  @IsString()
  pushToken?: string;

  @ApiPropertyOptional({
    example: 'https://hooks.example.com/notify',
    description: 'Required with webhook',
  })
  @AddressOf('webhook')
  @IsDefined(requiredFor('webhook'))
  @IsWhenGiven('string')
  webhookUrl?: string;
}
