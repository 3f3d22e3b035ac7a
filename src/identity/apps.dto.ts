import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { plainCursors } from '../common/http/cursor';
import { PHONE_NUMBER_CHECKS, type PhoneNumberCheck } from '../common/config/environment';
import {
  API_KEY_SCOPES,
  type ApiKeyRecord,
  type ApiKeyScope,
  type App,
  type Page,
} from './app.model';

/** Whole-body examples, as Swagger UI offers them. */
export const CREATE_APP_EXAMPLES = {
  app: { summary: 'An app with the default rate limit', value: { name: 'billing-service' } },
  limited: {
    summary: 'An app with its own rate limit',
    value: { name: 'marketing-service', rateLimitPerMinute: 600 },
  },
};

export const CREATE_KEY_EXAMPLES = {
  everyScope: { summary: 'A key with every scope', value: { name: 'production' } },
  sendOnly: {
    summary: 'A key that only sends and reads messages',
    value: { name: 'checkout', scopes: ['messages:send', 'messages:read'] },
  },
};

export class CreateAppDto {
  @ApiProperty({ example: 'billing-service', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    description: "Requests a minute for each of this app's keys; default RATE_LIMIT_PER_MINUTE",
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000,
    example: 600,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number;

  @ApiPropertyOptional({
    enum: PHONE_NUMBER_CHECKS,
    description:
      "How strictly this app's phone numbers are checked; default PHONE_NUMBER_CHECK. `possible`: a number in international form that could exist (the seeds' +15551234567 passes); `valid`: a number libphonenumber knows to be in service for its country.",
  })
  @IsOptional()
  @IsIn(PHONE_NUMBER_CHECKS)
  phoneNumberCheck?: PhoneNumberCheck;
}

export class ListAppsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class AppDto {
  @ApiProperty({ example: 'app_6553f1a0c9e77a12b3c4d5e6' }) id!: string;
  @ApiProperty({ example: 'billing-service' }) name!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: the service default applies' })
  rateLimitPerMinute!: number | null;
  @ApiPropertyOptional({
    enum: PHONE_NUMBER_CHECKS,
    description: "The app's own phone number check; absent: PHONE_NUMBER_CHECK applies",
  })
  phoneNumberCheck?: PhoneNumberCheck;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(app: App): AppDto {
    return {
      id: app.id,
      name: app.name,
      rateLimitPerMinute: app.rateLimitPerMinute ?? null,
      ...(app.phoneNumberCheck === undefined ? {} : { phoneNumberCheck: app.phoneNumberCheck }),
      createdAt: app.createdAt.toISOString(),
    };
  }
}

/** The 201 answer: the app, and the secret that signs its status callbacks. */
export class CreatedAppDto extends AppDto {
  @ApiProperty({
    description: 'Verifies Switchboard-Signature on status callbacks; admins can read it again',
    example: 'whsec_…',
  })
  callbackSecret!: string;

  static withSecret(app: App): CreatedAppDto {
    return Object.assign(AppDto.of(app), { callbackSecret: app.callbackSecret });
  }
}

export class CallbackSecretDto {
  @ApiProperty({ example: 'whsec_…' }) callbackSecret!: string;
}

export class AppListDto {
  @ApiProperty({ type: [AppDto] }) data!: AppDto[];
  @ApiPropertyOptional({ description: 'Absent on the last page' }) nextCursor?: string;

  static of(page: Page<App>): AppListDto {
    const data = page.items.map((app) => AppDto.of(app));
    return page.next === undefined
      ? { data }
      : { data, nextCursor: plainCursors.encode(page.next) };
  }
}

export class CreateKeyDto {
  @ApiPropertyOptional({ example: 'production', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    enum: API_KEY_SCOPES,
    isArray: true,
    uniqueItems: true,
    description: 'Default: every scope; each at most once (`duplicate`)',
  })
  @IsOptional()
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes?: ApiKeyScope[];
}

export class ApiKeyDto {
  @ApiProperty({ example: 'key_6553f1a0c9e77a12b3c4d5e6' }) id!: string;
  @ApiProperty({ example: 'sb_3f9a1c0b7d2e', description: 'The start of the key, to recognise it' })
  prefix!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Updated within a minute of use',
  })
  lastUsedAt!: string | null;

  static of(key: ApiKeyRecord): ApiKeyDto {
    return {
      id: key.id,
      prefix: key.prefix,
      name: key.name ?? null,
      scopes: [...key.scopes],
      createdAt: key.createdAt.toISOString(),
      revokedAt: key.revokedAt?.toISOString() ?? null,
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];

  static of(keys: readonly ApiKeyRecord[]): ApiKeyListDto {
    return { data: keys.map((key) => ApiKeyDto.of(key)) };
  }
}

export class CreatedKeyDto {
  @ApiProperty({ example: 'key_6553f1a0c9e77a12b3c4d5e6' }) id!: string;
  @ApiProperty({
    description: 'The key. Shown this once only: store it now.',
    example: 'sb_3f9a1c0b7d2e_…',
  })
  key!: string;
  @ApiProperty({ example: 'sb_3f9a1c0b7d2e' }) prefix!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(record: ApiKeyRecord, key: string): CreatedKeyDto {
    const { id, prefix, name, scopes, createdAt } = ApiKeyDto.of(record);
    return { id, key, prefix, name, scopes, createdAt };
  }
}
