import { EnvironmentVariables, type LOG_LEVELS, type NODE_ENVIRONMENTS } from './environment';
import { ConfigError, type Environment, readVariables } from './variables';

export type JwtVerification =
  | { readonly mode: 'HS256'; readonly secret: string }
  | { readonly mode: 'RS256'; readonly publicKey: string }
  /** Embedded default only: a secret made at start-up so a newcomer can try admin routes. */
  | { readonly mode: 'development'; readonly secret: string };

/** What every deployment configures, whatever its channels and vendors. */
export interface Settings {
  readonly environment: (typeof NODE_ENVIRONMENTS)[number];
  readonly production: boolean;
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly bodyLimit: string;
    readonly trustProxy: boolean;
  };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly mongodbUri?: string;
  readonly redisUrl?: string;
  readonly publicUrl?: string;
  readonly jwt: JwtVerification & {
    readonly issuer?: string;
    readonly audience?: string;
    readonly rolesClaim: string;
  };
  readonly rateLimit: { readonly perMinute: number; readonly perIpPerMinute: number };
  readonly retentionDays: number;
  readonly dispatch: {
    /** Sends one worker process runs at once. */
    readonly concurrency: number;
    /** How long a claim holds a message; a crashed worker's messages are retried after it. */
    readonly claimMs: number;
  };
  /** Waits between the tries of one status callback: one try more than there are waits. */
  readonly callbackRetryDelaysMs: readonly number[];
  /** Seals secrets at rest; required in production. */
  readonly encryptionKey?: Buffer;
  /** Earlier keys, which still open what they sealed until `cli re-encrypt` reseals it. */
  readonly encryptionKeysOld: readonly Buffer[];
  readonly outboundAllowPrivate: boolean;
}

export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  bodyLimit: '15mb',
  rolesClaim: 'roles',
  rateLimitPerMinute: 100,
  rateLimitIpPerMinute: 60,
  retentionDays: 90,
  dispatchConcurrency: 16,
  dispatchClaimSeconds: 60,
  /** 8 tries over about 23 hours: at once, then after 1 min, 5 min, 30 min, 1 h, 3 h, 6 h, 12 h. */
  callbackRetrySeconds: '60,300,1800,3600,10800,21600,43200',
} as const;

function jwtVerification(vars: EnvironmentVariables, makeSecret: () => string): JwtVerification {
  if (vars.JWT_SECRET && vars.JWT_PUBLIC_KEY) {
    throw new ConfigError('JWT_PUBLIC_KEY', 'cannot be set together with JWT_SECRET: choose one');
  }
  if (vars.JWT_SECRET) return { mode: 'HS256', secret: vars.JWT_SECRET };
  if (vars.JWT_PUBLIC_KEY) return { mode: 'RS256', publicKey: vars.JWT_PUBLIC_KEY };
  if (vars.NODE_ENV === 'production') {
    throw new ConfigError('JWT_SECRET', 'or JWT_PUBLIC_KEY is required when NODE_ENV=production');
  }
  return { mode: 'development', secret: makeSecret() };
}

function decodeKey(value: string | undefined): Buffer | undefined {
  if (!value) return undefined;
  return Buffer.from(value, value.length === 64 ? 'hex' : 'base64');
}

const decodeKeys = (list: string | undefined): Buffer[] =>
  (list ?? '').split(',').flatMap((key) => decodeKey(key.trim()) ?? []);

/** ENCRYPTION_KEY; production refuses to start without it (checked after the JWT settings). */
function encryptionKey(vars: EnvironmentVariables, production: boolean): Buffer | undefined {
  if (production && !vars.ENCRYPTION_KEY) {
    throw new ConfigError(
      'ENCRYPTION_KEY',
      'is required when NODE_ENV=production: it encrypts the secrets the service stores',
    );
  }
  return decodeKey(vars.ENCRYPTION_KEY);
}

/**
 * Validates the generic variables and builds their settings. Throws `ConfigError` naming the
 * first wrong variable. `makeSecret` supplies the development JWT secret when none is configured.
 */
export function parseSettings(env: Environment, makeSecret: () => string): Settings {
  const vars = readVariables(env, EnvironmentVariables);
  const environment = vars.NODE_ENV ?? 'development';
  const production = environment === 'production';
  if (production && !vars.MONGODB_URI) {
    throw new ConfigError('MONGODB_URI', 'is required when NODE_ENV=production');
  }
  return {
    environment,
    production,
    http: {
      port: vars.PORT ?? DEFAULTS.port,
      host: vars.HOST ?? DEFAULTS.host,
      bodyLimit: vars.BODY_LIMIT ?? DEFAULTS.bodyLimit,
      trustProxy: vars.TRUST_PROXY ?? false,
    },
    logLevel: vars.LOG_LEVEL ?? 'info',
    mongodbUri: vars.MONGODB_URI,
    redisUrl: vars.REDIS_URL,
    publicUrl: vars.PUBLIC_URL,
    jwt: {
      ...jwtVerification(vars, makeSecret),
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      rolesClaim: vars.JWT_ROLES_CLAIM ?? DEFAULTS.rolesClaim,
    },
    rateLimit: {
      perMinute: vars.RATE_LIMIT_PER_MINUTE ?? DEFAULTS.rateLimitPerMinute,
      perIpPerMinute: vars.RATE_LIMIT_IP_PER_MINUTE ?? DEFAULTS.rateLimitIpPerMinute,
    },
    retentionDays: vars.RETENTION_DAYS ?? DEFAULTS.retentionDays,
    dispatch: {
      concurrency: vars.DISPATCH_CONCURRENCY ?? DEFAULTS.dispatchConcurrency,
      claimMs: (vars.DISPATCH_CLAIM_SECONDS ?? DEFAULTS.dispatchClaimSeconds) * 1000,
    },
    encryptionKey: encryptionKey(vars, production),
    callbackRetryDelaysMs: (vars.CALLBACK_RETRY_SECONDS ?? DEFAULTS.callbackRetrySeconds)
      .split(',')
      .map((seconds) => Number(seconds.trim()) * 1000),
    encryptionKeysOld: decodeKeys(vars.ENCRYPTION_KEYS_OLD),
    outboundAllowPrivate: vars.OUTBOUND_ALLOW_PRIVATE ?? false,
  };
}
