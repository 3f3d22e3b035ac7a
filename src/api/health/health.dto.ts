import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CATEGORIES } from '../../contract/error-category';
import { RECENT_FAILURES } from '../../dispatch/provider-failures';

/** The answers of the health, status and version routes, as the document describes them. */
export class LiveDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadyDto {
  @ApiProperty({ enum: ['ready'] }) status!: 'ready';
}

export class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ example: 'memory', description: 'What backs it: memory, mongodb, redis, …' })
  kind!: string;
}

export class RateHealthDto {
  @ApiProperty({ example: 14, description: 'The send-rate cap' }) perSecond!: number;
  @ApiPropertyOptional({
    example: 0,
    description: 'How long a send queued now waits for its slot; absent when the caps cannot tell',
  })
  waitMs?: number;
}

export class ProviderHealthDto {
  @ApiProperty({ example: 'twilio-sms' }) id!: string;
  @ApiProperty({ example: 'twilio' }) type!: string;
  @ApiProperty({ enum: ['closed', 'open', 'half-open'], description: 'Its circuit breaker' })
  circuit!: string;

  @ApiPropertyOptional({ type: RateHealthDto, description: 'For a provider with a send-rate cap' })
  rate?: RateHealthDto;
}

export class ProviderFailureDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-01T10:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 'twilio-sms', description: 'The provider that failed' })
  provider!: string;

  @ApiProperty({ enum: ERROR_CATEGORIES, example: 'PROVIDER_OUTAGE' }) category!: string;
  @ApiProperty({
    example: 'Twilio answered 503: Service Unavailable',
    maxLength: 200,
    description:
      "The provider's reason: one line, at most 200 characters, credentials and anything like one replaced by `[redacted]`",
  })
  message!: string;
}

export class ChannelHealthDto {
  @ApiProperty({ description: 'At least one provider serves the channel' }) configured!: boolean;
  @ApiProperty({ type: [ProviderHealthDto], description: 'In fail-over order' })
  providers!: ProviderHealthDto[];

  @ApiProperty({
    type: [ProviderFailureDto],
    maxItems: RECENT_FAILURES,
    description: `The last ${RECENT_FAILURES} failed provider calls in this process, newest first`,
  })
  errors!: ProviderFailureDto[];

  @ApiProperty({ example: 1, description: 'Failed provider calls since this process started' })
  totalErrors!: number;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] }) status!: 'ok' | 'degraded' | 'down';
  @ApiProperty({ type: ComponentHealthDto }) database!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) queue!: ComponentHealthDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ChannelHealthDto) },
    description:
      'Every channel by name: its providers, their circuit breakers, and the provider failures this process saw (a process that only accepts requests, `ROLE=api`, makes no provider calls and sees none)',
  })
  channels!: Record<string, ChannelHealthDto>;

  @ApiProperty({ example: 1, description: 'Failed provider calls on every channel since start' })
  totalErrors!: number;
}

/** A whole `/health` answer, as the document shows it. */
export const HEALTH_REPORT_EXAMPLE = {
  status: 'ok',
  database: { status: 'up', kind: 'mongodb' },
  queue: { status: 'up', kind: 'redis' },
  channels: {
    sms: {
      configured: true,
      providers: [
        { id: 'twilio-sms', type: 'twilio', circuit: 'closed' },
        { id: 'sandbox-sms', type: 'sandbox', circuit: 'closed' },
      ],
      errors: [
        {
          at: '2026-03-01T10:00:00.000Z',
          provider: 'twilio-sms',
          category: 'PROVIDER_OUTAGE',
          message: 'Twilio answered 503: Service Unavailable',
        },
      ],
      totalErrors: 1,
    },
    email: {
      configured: true,
      providers: [{ id: 'smtp', type: 'smtp', circuit: 'closed' }],
      errors: [],
      totalErrors: 0,
    },
  },
  totalErrors: 1,
};

export class VersionInfoDto {
  @ApiProperty({ example: 'switchboard' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ enum: ['v1'] }) apiVersion!: 'v1';
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  features!: Record<string, string>;

  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty({ type: [String] }) providers!: string[];
  @ApiProperty({ type: [String], description: 'Every route, as `METHOD /path`' })
  endpoints!: string[];
}
