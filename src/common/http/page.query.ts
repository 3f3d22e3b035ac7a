import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { COUNT_LIMIT } from '../database/keyset';

/** `true` and `false` in a query string as booleans; anything else stays for the validator. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/** The paging every list route takes: `limit` with an opaque `cursor`. */
export class CursorPageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
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
}

/**
 * The paging of the list routes admin front ends read: a cursor, or an `offset`; `count=true`
 * adds the number of matches (bounded: counting reads every match); admins name the app they
 * read with `appId`.
 */
export class AdminPageQuery extends CursorPageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10000,
    description: 'Offset paging; not with cursor',
  })
  @IsOptional()
  @Type(() => Number)
  @Max(10_000)
  @Min(0)
  @IsInt()
  offset?: number;

  @ApiPropertyOptional({
    description: `Also answer \`total\`, the number of matches, counted up to ${COUNT_LIMIT} (then \`totalCapped\` is true)`,
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  count?: boolean;

  @ApiPropertyOptional({ description: 'Admin tokens: only this app' })
  @IsOptional()
  @IsString()
  appId?: string;
}

/** What a list answers about its count, with `count=true`. */
export class CountedList {
  @ApiPropertyOptional({
    description: `How many match in all, with \`count=true\`: counted up to ${COUNT_LIMIT}`,
  })
  total?: number;

  @ApiPropertyOptional({
    enum: [true],
    description: `More than ${COUNT_LIMIT} match, and \`total\` says ${COUNT_LIMIT}`,
  })
  totalCapped?: true;
}

/** A list's count as a page carries it and an answer repeats it. */
export interface ListCount {
  readonly total?: number;
  readonly totalCapped?: true;
}

/** The count of a page, when it was counted, for its answer. */
export const totalOf = (page: ListCount): ListCount => ({
  ...(page.total === undefined ? {} : { total: page.total }),
  ...(page.totalCapped ? { totalCapped: page.totalCapped } : {}),
});
