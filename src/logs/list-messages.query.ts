import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
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
import {
  CHANNELS,
  type Channel,
  MESSAGE_STATUSES,
  type MessageStatus,
} from '../messages/message.model';

/** An object of string values: `metadata.<key>=<value>` filters. */
export const IsStringRecord = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.values(value).every((v) => typeof v === 'string'),
        defaultMessage: () => '$property must map keys to single string values',
      },
    },
    options,
  );

export class ListMessagesQuery {
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;
  @ApiPropertyOptional({ description: 'A destination (phone number, email address ...)' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  after?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;
  @ApiPropertyOptional({
    description: 'metadata.<key>=<value> filters, e.g. metadata.order=2891 (all must match)',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsObject()
  @IsStringRecord()
  metadata?: Record<string, string>;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @Max(100)
  @Min(1)
  @IsInt()
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10000,
    description: 'Offset paging (answers with total); not with cursor',
  })
  @IsOptional()
  @Type(() => Number)
  @Max(10_000)
  @Min(0)
  @IsInt()
  offset?: number;
  @ApiPropertyOptional({ description: 'Admin tokens: only this app' })
  @IsOptional()
  @IsString()
  appId?: string;
}
