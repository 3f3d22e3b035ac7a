import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

const MAX_METADATA_KEYS = 50;

/** metadata: at most 50 keys, string values up to 500 characters, keys up to 64. */
const IsMetadata = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isMetadata',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= MAX_METADATA_KEYS &&
          Object.entries(value).every(
            ([key, v]) => key.length <= 64 && typeof v === 'string' && v.length <= 500,
          ),
        defaultMessage: () =>
          `metadata must map at most ${MAX_METADATA_KEYS} keys (up to 64 characters) to strings (up to 500 characters)`,
      },
    },
    { ...options, context: { code: 'invalid_metadata' } },
  );

/** Fields every send route takes besides its channel's own. */
export class SendCommonDto {
  @ApiPropertyOptional({
    example: 'app_6553f1a0c9e77a12b3c4d5e6',
    description:
      'Tokens (roles `sender`, `admin`): the app the message is sent for; without it, the default app (`DEFAULT_APP_ID`). Not for API keys, which send for their own app.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  appId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { order: '2891' },
  })
  @IsOptional()
  @IsObject()
  @IsMetadata()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ format: 'date-time', description: 'Send at this future time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { context: { code: 'invalid_date' } })
  scheduledAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, default: 0, description: 'Higher goes first' })
  @IsOptional()
  @Max(10)
  @Min(0)
  @IsInt()
  priority?: number;

  @ApiPropertyOptional({
    description: 'Status changes are POSTed here, signed (Switchboard-Signature)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callbackUrl?: string;

  @ApiPropertyOptional({ description: 'Pin one configured provider id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  provider?: string;
}

/** The common fields as the pipeline takes them. */
export function commonRequest(dto: SendCommonDto): {
  metadata?: Record<string, string>;
  scheduledAt?: Date;
  priority?: number;
  callbackUrl?: string;
  provider?: string;
} {
  return {
    ...(dto.metadata ? { metadata: dto.metadata } : {}),
    ...(dto.scheduledAt ? { scheduledAt: new Date(dto.scheduledAt) } : {}),
    ...(dto.priority === undefined ? {} : { priority: dto.priority }),
    ...(dto.callbackUrl ? { callbackUrl: dto.callbackUrl } : {}),
    ...(dto.provider ? { provider: dto.provider } : {}),
  };
}
