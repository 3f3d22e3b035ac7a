import { IsDateTime } from '../common/validation/date-time';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { CALLBACK_URL } from './callback-url.schema';

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
    maxLength: 64,
    description:
      'Tokens (roles `sender`, `admin`): the app the message is sent for (404 when it does not exist); without it, the default app (`DEFAULT_APP_ID`; `required` when there is none). An API key sends for its own app: it may name it, naming another app is 403.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  appId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 500 },
    maxProperties: MAX_METADATA_KEYS,
    example: { order: '2891' },
    description:
      'Your labels, kept with the message and filterable in GET /messages: at most 50 keys of up to 64 characters, string values of up to 500 (`invalid_metadata`)',
  })
  @IsOptional()
  @IsObject()
  @IsMetadata()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Send at this time, which must be in the future (`scheduled_in_past`); the message is SCHEDULED until then. ISO 8601 (`invalid_date`).',
  })
  @IsOptional()
  @IsDateTime({ context: { code: 'invalid_date' } })
  scheduledAt?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10,
    default: 0,
    description: 'Higher goes first',
  })
  @IsOptional()
  @Max(10)
  @Min(0)
  @IsInt()
  priority?: number;

  @ApiPropertyOptional({
    ...CALLBACK_URL,
    example: 'https://example.com/hooks/switchboard-status',
    description:
      'Status changes are POSTed here, signed (Switchboard-Signature): an absolute http(s) URL without credentials, not on a private, loopback or link-local address unless OUTBOUND_ALLOW_PRIVATE is set (`invalid_url`); checked again before each post. An empty string is no callback.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callbackUrl?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    description:
      "Pin one of the channel's configured providers by id (GET /health lists them; `unknown_provider` otherwise): no fail-over to another. An empty string pins none.",
  })
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
