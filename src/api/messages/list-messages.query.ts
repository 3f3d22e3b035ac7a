import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { AdminPageQuery } from '../../common/http/page.query';
import { CHANNELS, type Channel } from '../../contract/channel';
import { MESSAGE_STATUSES, type MessageStatus } from '../../contract/message-status';

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

export class ListMessagesQuery extends AdminPageQuery {
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
    description:
      'metadata[<key>]=<value> filters, e.g. metadata[order]=2891 (all must match); metadata.<key>=<value> works too',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsObject()
  @IsStringRecord()
  metadata?: Record<string, string>;
}
