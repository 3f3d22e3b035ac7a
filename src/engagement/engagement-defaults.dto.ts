import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsObject,
  IsOptional,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TOPIC } from '../suppressions/suppression.model';
import type { EngagementDefaults } from './engagement-defaults';

const MAX_TOPICS = 50;
/** An address that goes into a mailto: URI and a header as it is: no quoted local part. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;

export class TrackingDefaultsDto {
  @ApiProperty({ description: 'Count opens with a pixel', example: false })
  @IsBoolean()
  opens!: boolean;

  @ApiProperty({ description: 'Count clicks through rewritten links', example: false })
  @IsBoolean()
  clicks!: boolean;
}

/** Whole-body examples, as Swagger UI offers them. */
export const ENGAGEMENT_DEFAULTS_EXAMPLES = {
  newsletters: {
    summary: 'Count opens and clicks; newsletters get one-click unsubscribe',
    value: {
      tracking: { opens: true, clicks: true },
      unsubscribeTopics: ['newsletter'],
      unsubscribeMailto: 'unsubscribe@example.com',
    },
  },
  off: {
    summary: 'Nothing tracked, no unsubscribe link unless an email asks',
    value: { tracking: { opens: false, clicks: false }, unsubscribeTopics: [] },
  },
};

/** What an admin sets: every field, replacing what was set before. */
export class SetEngagementDefaultsDto {
  @ApiProperty({ type: TrackingDefaultsDto, description: 'For emails that do not say' })
  // ValidateNested passes a missing object: this refuses it, as the document requires it.
  @IsObject()
  @ValidateNested()
  @Type(() => TrackingDefaultsDto)
  tracking!: TrackingDefaultsDto;

  @ApiProperty({
    type: [String],
    maxItems: MAX_TOPICS,
    items: { type: 'string', pattern: TOPIC.source },
    example: ['newsletter'],
    description:
      'Emails naming one of these topics get one-click unsubscribe unless they say `unsubscribe: false`',
  })
  @IsArray()
  @ArrayMaxSize(MAX_TOPICS)
  @Matches(TOPIC, {
    each: true,
    message: 'topics are 1 to 64 letters, digits, _ or -',
    context: { code: 'invalid_topic' },
  })
  unsubscribeTopics!: string[];

  @ApiPropertyOptional({
    example: 'unsubscribe@example.com',
    description:
      "A mailbox of the app for unsubscribes by mail: List-Unsubscribe names it after the link, with the link's token as the subject",
  })
  @IsOptional()
  @IsEmail(
    { allow_display_name: false, allow_utf8_local_part: false, allow_ip_domain: false },
    { context: { code: 'invalid_email' } },
  )
  @Matches(PLAIN_ADDRESS, {
    message: 'unsubscribeMailto must be a plain address (no quotes, spaces or brackets)',
    context: { code: 'invalid_email' },
  })
  @MaxLength(320)
  unsubscribeMailto?: string;
}

export class EngagementDefaultsDto extends SetEngagementDefaultsDto {
  @ApiProperty({ example: 'app_6553f1a0c9e77a12b3c4d5e6' }) appId!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null: never set, the defaults are off',
  })
  updatedAt!: string | null;

  static of(defaults: EngagementDefaults): EngagementDefaultsDto {
    return {
      appId: defaults.appId,
      tracking: { ...defaults.tracking },
      unsubscribeTopics: [...defaults.unsubscribeTopics],
      ...(defaults.unsubscribeMailto === undefined
        ? {}
        : { unsubscribeMailto: defaults.unsubscribeMailto }),
      updatedAt: defaults.updatedAt?.toISOString() ?? null,
    };
  }
}
