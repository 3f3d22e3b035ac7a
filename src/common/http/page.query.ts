import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The paging every list route takes: `limit` with an opaque `cursor`. */
export class CursorPageQuery {
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
}

/**
 * The paging of the list routes admin front ends read: a cursor, or `offset` with a `total`;
 * admins name the app they read with `appId`.
 */
export class AdminPageQuery extends CursorPageQuery {
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
