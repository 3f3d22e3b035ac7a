import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { blankToUndefined, toInteger } from './environment';

/** How far a JSON body may nest, and how many values it may hold, before it is parsed. */
export interface JsonBounds {
  readonly maxDepth: number;
  readonly maxElements: number;
}

/** What one template may cost: expressions per part to compile, and a render's time and output. */
export interface TemplateLimits {
  /** `{{…}}` expressions per part: compiling costs per expression. */
  readonly maxExpressions: number;
  /** Wall time of one render, all its parts together. */
  readonly maxMs: number;
  /** Characters one part of a render may produce. */
  readonly maxChars: number;
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
  readonly templates: TemplateLimits;
  /** Messages the embedded (memory) store keeps; past it, the longest settled are dropped. */
  readonly memoryStoreMaxMessages: number;
  /** Open live streams (Server-Sent Events), per app and in the whole process. */
  readonly streams: StreamLimits;
}

export interface StreamLimits {
  readonly maxPerApp: number;
  readonly maxPerProcess: number;
  /** A stream is ended after this long; the client reconnects with Last-Event-ID. */
  readonly maxLifetimeSeconds: number;
  /** A stream that sent no event for this long is ended (keep-alive comments do not count). */
  readonly idleSeconds: number;
}

export const LIMIT_DEFAULTS = {
  attachmentBodyLimit: '15mb',
  jsonMaxDepth: 32,
  jsonMaxElements: 10_000,
  webhookIpPerMinute: 6_000,
  templates: { maxExpressions: 1_000, maxMs: 50, maxChars: 1_000_000 },
  memoryStoreMaxMessages: 10_000,
  streams: { maxPerApp: 1_000, maxPerProcess: 10_000, maxLifetimeSeconds: 3_600, idleSeconds: 900 },
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

  @IsOptional()
  @Transform(toInteger)
  @Max(100_000)
  @Min(10)
  @IsInt()
  TEMPLATE_MAX_EXPRESSIONS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(10_000)
  @Min(1)
  @IsInt()
  TEMPLATE_RENDER_MAX_MS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(100_000_000)
  @Min(1_000)
  @IsInt()
  TEMPLATE_RENDER_MAX_CHARS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(10_000_000)
  @Min(10)
  @IsInt()
  MEMORY_STORE_MAX_MESSAGES?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000)
  @Min(1)
  @IsInt()
  STREAM_MAX_PER_APP?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000)
  @Min(1)
  @IsInt()
  STREAM_MAX_PER_PROCESS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(86_400)
  @Min(1)
  @IsInt()
  STREAM_MAX_LIFETIME_SECONDS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(86_400)
  @Min(1)
  @IsInt()
  STREAM_IDLE_SECONDS?: number;
}

export const readLimits = (vars: LimitVariables): Limits => ({
  attachmentBodyLimit: vars.ATTACHMENT_BODY_LIMIT ?? LIMIT_DEFAULTS.attachmentBodyLimit,
  json: {
    maxDepth: vars.JSON_MAX_DEPTH ?? LIMIT_DEFAULTS.jsonMaxDepth,
    maxElements: vars.JSON_MAX_ELEMENTS ?? LIMIT_DEFAULTS.jsonMaxElements,
  },
  webhookIpPerMinute: vars.RATE_LIMIT_WEBHOOK_IP_PER_MINUTE ?? LIMIT_DEFAULTS.webhookIpPerMinute,
  templates: {
    maxExpressions: vars.TEMPLATE_MAX_EXPRESSIONS ?? LIMIT_DEFAULTS.templates.maxExpressions,
    maxMs: vars.TEMPLATE_RENDER_MAX_MS ?? LIMIT_DEFAULTS.templates.maxMs,
    maxChars: vars.TEMPLATE_RENDER_MAX_CHARS ?? LIMIT_DEFAULTS.templates.maxChars,
  },
  memoryStoreMaxMessages: vars.MEMORY_STORE_MAX_MESSAGES ?? LIMIT_DEFAULTS.memoryStoreMaxMessages,
  streams: {
    maxPerApp: vars.STREAM_MAX_PER_APP ?? LIMIT_DEFAULTS.streams.maxPerApp,
    maxPerProcess: vars.STREAM_MAX_PER_PROCESS ?? LIMIT_DEFAULTS.streams.maxPerProcess,
    maxLifetimeSeconds:
      vars.STREAM_MAX_LIFETIME_SECONDS ?? LIMIT_DEFAULTS.streams.maxLifetimeSeconds,
    idleSeconds: vars.STREAM_IDLE_SECONDS ?? LIMIT_DEFAULTS.streams.idleSeconds,
  },
});
