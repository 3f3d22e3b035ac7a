import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';

/**
 * `true`, `1`, `yes` and `false`, `0`, `no` or blank, in any case; anything else is left for
 * `@IsBoolean` to refuse.
 */
export const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no', ''].includes(normalised)) return false;
  return value;
};

/** A whole number allowing surrounding whitespace; blank is unset. */
export const toInteger = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : value;
};

export const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** For `@IsUrl`: an http(s) URL, also to a host without a top-level domain (a private network). */
export const HTTP_URL_OPTIONS = {
  require_tld: false,
  require_protocol: true,
  protocols: ['http', 'https'],
};

/** Express's names for ranges of proxy addresses. */
const PROXY_RANGES: readonly string[] = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_PROXY_HOPS = 16;

/** A proxy's address: an IP, a CIDR, or one of Express's range names. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const parts = entry.split('/');
  const family = isIP(parts[0] ?? '');
  if (family === 0 || parts.length > 2) return false;
  const prefix = parts[1] ?? '';
  if (parts.length === 1) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as Express takes it: `false` (or 0, or blank) for none, a hop count, or a list of
 * proxy addresses. Anything else (`true` among it) stays a string for the validator to refuse.
 */
const toTrustProxy = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (['', 'false', 'no', '0'].includes(trimmed.toLowerCase())) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries : value;
};

const isTrustProxy = (value: unknown): boolean =>
  (typeof value === 'number' && value >= 1 && value <= MAX_PROXY_HOPS) || Array.isArray(value);

/** `true` would trust every hop, so a client could write its own address in X-Forwarded-For. */
const TRUST_EVERY_HOP = ['true', 'yes', 'on'];

function trustProxyProblem(value: unknown): string {
  if (typeof value === 'string' && TRUST_EVERY_HOP.includes(value.trim().toLowerCase())) {
    return (
      'must not be true: that trusts every X-Forwarded-For hop, so a client could choose its ' +
      'own IP and escape the per-IP rate limit; give the number of proxies in front of the ' +
      'service (e.g. 1) or their addresses (e.g. 10.0.0.0/8,loopback)'
    );
  }
  return (
    `must be a number of proxy hops from 1 to ${MAX_PROXY_HOPS}, or a comma-separated list of ` +
    'proxy addresses or CIDRs (loopback, linklocal and uniquelocal name ranges)'
  );
}

const TrustProxyForm = (): PropertyDecorator =>
  ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: isTrustProxy,
      defaultMessage: (args) => trustProxyProblem(args?.value),
    },
  });

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** What one process runs: everything, or its part of a deployment scaled out (README). */
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export const LOG_FORMATS = ['pretty', 'json'] as const;
/** How strictly phone numbers are checked (`common/validation/phone-number.ts` says what each means). */
export const PHONE_NUMBER_CHECKS = ['possible', 'valid'] as const;
export type PhoneNumberCheck = (typeof PHONE_NUMBER_CHECKS)[number];

/**
 * class-validator checks a property's decorators bottom-up and stops at the first failure, so
 * type checks (`@IsInt`) sit last, directly above the property, and are reported first.
 *
 * The variables every deployment reads, as they arrive in the environment. Validated once at
 * start-up; `Settings` is built from the validated values and is what the code uses. Channels
 * and vendors declare their own variables beside their code.
 */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV?: (typeof NODE_ENVIRONMENTS)[number];

  @IsOptional()
  @Transform(toInteger)
  @Max(65535)
  @Min(0)
  @IsInt()
  PORT?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @IsNotEmpty()
  HOST?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: (typeof LOG_FORMATS)[number];

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(HTTP_URL_OPTIONS, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (256 bits) long' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/-----BEGIN (RSA )?PUBLIC KEY-----/, { message: 'must be a PEM-encoded RSA public key' })
  JWT_PUBLIC_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(HTTP_URL_OPTIONS, { message: 'must be an http(s) URL' })
  JWT_JWKS_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  JWT_ISSUER?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  JWT_AUDIENCE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @IsNotEmpty()
  JWT_ROLES_CLAIM?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[\w-]{1,64}$/, { message: 'must be an app id such as app_6553f1a0c9e77a12b3c4d5e6' })
  DEFAULT_APP_ID?: string;

  @IsOptional()
  @Transform(toInteger)
  @Max(30 * 24 * 60 * 60)
  @Min(60)
  @IsInt()
  JWT_MAX_LIFETIME_SECONDS?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000_000)
  @Min(1)
  @IsInt()
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000_000)
  @Min(1)
  @IsInt()
  RATE_LIMIT_IP_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toTrustProxy)
  @TrustProxyForm()
  TRUST_PROXY?: number | string[];

  @IsOptional()
  @Transform(toInteger)
  @Max(3650)
  @Min(1)
  @IsInt()
  RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes, as 64 hex characters or 44 base64 characters',
  })
  ENCRYPTION_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(
    /^\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)(\s*,\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=))*\s*$/,
    {
      message: 'must be comma-separated keys of 32 bytes, each 64 hex or 44 base64 characters',
    },
  )
  ENCRYPTION_KEYS_OLD?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  OUTBOUND_ALLOW_PRIVATE?: boolean;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(PHONE_NUMBER_CHECKS)
  PHONE_NUMBER_CHECK?: PhoneNumberCheck;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  CORS_CREDENTIALS?: boolean;

  @IsOptional()
  @Transform(toInteger)
  @Max(1000)
  @Min(1)
  @IsInt()
  DISPATCH_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(3600)
  @Min(1)
  @IsInt()
  DISPATCH_CLAIM_SECONDS?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(PROCESS_ROLES)
  ROLE?: (typeof PROCESS_ROLES)[number];

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(HTTP_URL_OPTIONS, { message: 'must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @IsNotEmpty()
  OTEL_SERVICE_NAME?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\s*\d{1,6}(\s*,\s*\d{1,6}){0,14}\s*$/, {
    message: 'must be 1 to 15 comma-separated whole numbers of seconds',
  })
  CALLBACK_RETRY_SECONDS?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\d+(\.\d+)?\s*(b|kb|mb)$/i, { message: 'must be a size such as 15mb, 512kb or 1000b' })
  BODY_LIMIT?: string;
}
