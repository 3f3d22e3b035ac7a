import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { blankToUndefined, toInteger } from './environment';

/** How far a JSON body may nest, and how many values it may hold, before it is parsed. */
export interface JsonBounds {
  readonly maxDepth: number;
  readonly maxElements: number;
}

/**
 * The limits that keep one request, from anyone, from holding the event loop or the memory of
 * the process (README "Limits" lists them all).
 */
export interface Limits {
  /** Largest body of the routes that carry attachments (email sends), read after authentication. */
  readonly attachmentBodyLimit: string;
  readonly json: JsonBounds;
  /** Per client IP on the inbound webhook routes (delivery reports from providers). */
  readonly webhookIpPerMinute: number;
}

export const LIMIT_DEFAULTS = {
  attachmentBodyLimit: '15mb',
  jsonMaxDepth: 32,
  jsonMaxElements: 10_000,
  webhookIpPerMinute: 6_000,
} as const;

const SIZE = /^\d+(\.\d+)?\s*(b|kb|mb)$/i;
const SIZE_MESSAGE = 'must be a size such as 15mb, 512kb or 1000b';

/** The limits' variables: generic ones, read beside `EnvironmentVariables`. */
export class LimitVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(SIZE, { message: SIZE_MESSAGE })
  ATTACHMENT_BODY_LIMIT?: string;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000)
  @Min(2)
  @IsInt()
  JSON_MAX_DEPTH?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(10_000_000)
  @Min(100)
  @IsInt()
  JSON_MAX_ELEMENTS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000_000)
  @Min(1)
  @IsInt()
  RATE_LIMIT_WEBHOOK_IP_PER_MINUTE?: number;
}

export const readLimits = (vars: LimitVariables): Limits => ({
  attachmentBodyLimit: vars.ATTACHMENT_BODY_LIMIT ?? LIMIT_DEFAULTS.attachmentBodyLimit,
  json: {
    maxDepth: vars.JSON_MAX_DEPTH ?? LIMIT_DEFAULTS.jsonMaxDepth,
    maxElements: vars.JSON_MAX_ELEMENTS ?? LIMIT_DEFAULTS.jsonMaxElements,
  },
  webhookIpPerMinute: vars.RATE_LIMIT_WEBHOOK_IP_PER_MINUTE ?? LIMIT_DEFAULTS.webhookIpPerMinute,
});
