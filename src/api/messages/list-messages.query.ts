import { IsDateTime } from '../../common/validation/date-time';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
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

/** The event types messages are found by. */
export const EVENT_FILTERS = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
  'failed',
] as const;

/** What a list may add to its summaries. */
export const LIST_INCLUDES = ['content'] as const;

/** The largest page of a list that includes content (a summary page holds up to 100). */
export const CONTENT_PAGE_LIMIT = 10;

export class ListMessagesQuery extends AdminPageQuery {
  @ApiPropertyOptional({
    enum: LIST_INCLUDES,
    description: `Summaries leave content out; \`content\` adds it, with at most ${CONTENT_PAGE_LIMIT} messages a page (default ${CONTENT_PAGE_LIMIT})`,
  })
  @IsOptional()
  @IsIn(LIST_INCLUDES)
  include?: (typeof LIST_INCLUDES)[number];

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
  @ApiPropertyOptional({
    example: 'brd_6553f1a0c9e77a12b3c4d5e6',
    description: 'The messages of one broadcast',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  broadcastId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' })
  @IsOptional()
  @IsDateTime()
  after?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or before' })
  @IsOptional()
  @IsDateTime()
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

  @ApiPropertyOptional({
    enum: EVENT_FILTERS,
    description: 'Messages with at least one event of this type (e.g. emails opened)',
  })
  @IsOptional()
  @IsIn(EVENT_FILTERS)
  event?: (typeof EVENT_FILTERS)[number];
}
