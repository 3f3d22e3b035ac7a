import {
  EnvironmentVariables,
  type LOG_FORMATS,
  type LOG_LEVELS,
  type NODE_ENVIRONMENTS,
  type PhoneNumberCheck,
  type PROCESS_ROLES,
} from './environment';
import { LimitVariables, type Limits, readLimits } from './limits';
import { ConfigError, type Environment, readVariables } from './variables';

export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: traces are exported there; unset, tracing is off. */
  readonly otlpEndpoint?: string;
  readonly serviceName: string;
}

export type JwtVerification =
  | { readonly mode: 'HS256'; readonly secret: string }
  | { readonly mode: 'RS256'; readonly publicKey: string }
  /** The identity provider's published keys (RS256 or ES256), chosen by each token's `kid`. */
  | { readonly mode: 'JWKS'; readonly jwksUrl: string }
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
    /**
     * Which X-Forwarded-For hops tell the client's address, as Express's `trust proxy` takes
     * it: none, the last n hops, or the hops from these addresses.
     */
    readonly trustProxy: false | number | readonly string[];
  };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Lines for a terminal (development) or JSON lines for a log collector. */
  readonly logFormat: (typeof LOG_FORMATS)[number];
  readonly mongodbUri?: string;
  readonly redisUrl?: string;
  readonly publicUrl?: string;
  readonly jwt: JwtVerification & {
    readonly issuer?: string;
    readonly audience?: string;
    readonly rolesClaim: string;
    /** The longest a token may live, from its `iat` (or from now) to its `exp`. */
    readonly maxLifetimeSeconds: number;
  };
  readonly rateLimit: { readonly perMinute: number; readonly perIpPerMinute: number };
  /** The app a token's send is for when it names none. */
  readonly defaultAppId?: string;
  /** How strictly phone numbers are checked, unless an app says otherwise. */
  readonly phoneNumberCheck: PhoneNumberCheck;
  /** Browser origins that may call the API; `*` for any (never with credentials). */
  readonly cors: { readonly origins: readonly string[] | '*'; readonly credentials: boolean };
  readonly retentionDays: number;
  /**
   * `all`: the whole service in one process. `api`: accepts and reads, sends nothing (no
   * dispatcher, no sweeper). `worker`: sends, and serves only health and metrics.
   */
  readonly role: ProcessRole;
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
  readonly tracing: TracingSettings;
  readonly limits: Limits;
}

export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  bodyLimit: '1mb',
  rolesClaim: 'roles',
  jwtMaxLifetimeSeconds: 24 * 60 * 60,
  rateLimitPerMinute: 100,
  rateLimitIpPerMinute: 60,
  retentionDays: 90,
  dispatchConcurrency: 16,
  dispatchClaimSeconds: 60,
  serviceName: 'switchboard',
  /** 8 tries over about 23 hours: at once, then after 1 min, 5 min, 30 min, 1 h, 3 h, 6 h, 12 h. */
  callbackRetrySeconds: '60,300,1800,3600,10800,21600,43200',
} as const;

/** The token keys set, in the order they are named when two are set at once. */
const KEY_VARIABLES = ['JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWT_JWKS_URL'] as const;

function jwtVerification(vars: EnvironmentVariables, makeSecret: () => string): JwtVerification {
  const set = KEY_VARIABLES.filter((name) => vars[name] !== undefined);
  if (set.length > 1) {
    throw new ConfigError(set[1] ?? '', `cannot be set together with ${set[0] ?? ''}: choose one`);
  }
  if (vars.JWT_SECRET) return { mode: 'HS256', secret: vars.JWT_SECRET };
  if (vars.JWT_PUBLIC_KEY) return { mode: 'RS256', publicKey: vars.JWT_PUBLIC_KEY };
  if (vars.JWT_JWKS_URL) return { mode: 'JWKS', jwksUrl: vars.JWT_JWKS_URL };
  if (vars.NODE_ENV === 'production') {
    throw new ConfigError(
      'JWT_SECRET',
      'or JWT_PUBLIC_KEY is required when NODE_ENV=production (or JWT_JWKS_URL, the key set of an identity provider)',
    );
  }
  return { mode: 'development', secret: makeSecret() };
}

/**
 * In production a token must name this service as its audience and the expected issuer: an
 * identity provider signs tokens for all its applications with the same keys, so without them
 * a token minted for another application would be taken. Keys are fetched over https only.
 */
function checkProductionTokens(vars: EnvironmentVariables): void {
  const why =
    'is required when NODE_ENV=production: without it, a token the identity provider issued to another application would be accepted';
  if (!vars.JWT_ISSUER) throw new ConfigError('JWT_ISSUER', why);
  if (!vars.JWT_AUDIENCE) throw new ConfigError('JWT_AUDIENCE', why);
  if (vars.JWT_JWKS_URL && !vars.JWT_JWKS_URL.startsWith('https://')) {
    throw new ConfigError('JWT_JWKS_URL', 'must be an https URL when NODE_ENV=production');
  }
}

/** Processes of one role hand work to each other through the database and Redis only. */
function requireSharedStores(role: ProcessRole, vars: EnvironmentVariables): void {
  if (role === 'all') return;
  for (const variable of ['MONGODB_URI', 'REDIS_URL'] as const) {
    if (!vars[variable]) {
      throw new ConfigError(
        variable,
        `is required with ROLE=${role}: processes share work through it`,
      );
    }
  }
}

/** An origin as browsers send it: scheme, host and port, nothing after. */
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

function corsSettings(vars: EnvironmentVariables): Settings['cors'] {
  const credentials = vars.CORS_CREDENTIALS ?? false;
  const listed = (vars.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (listed.includes('*')) {
    if (listed.length > 1)
      throw new ConfigError('CORS_ORIGINS', 'is either * or a list of origins');
    if (credentials) {
      throw new ConfigError(
        'CORS_ORIGINS',
        'cannot be * with CORS_CREDENTIALS=true: list the origins',
      );
    }
    return { origins: '*', credentials };
  }
  const wrong = listed.find((origin) => !ORIGIN.test(origin));
  if (wrong !== undefined) {
    throw new ConfigError('CORS_ORIGINS', `lists ${wrong}: an origin is scheme://host[:port]`);
  }
  return { origins: listed.map((origin) => origin.toLowerCase()), credentials };
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
  const verification = jwtVerification(vars, makeSecret);
  if (production) checkProductionTokens(vars);
  const role = vars.ROLE ?? 'all';
  requireSharedStores(role, vars);
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
    logFormat: vars.LOG_FORMAT ?? (environment === 'development' ? 'pretty' : 'json'),
    mongodbUri: vars.MONGODB_URI,
    redisUrl: vars.REDIS_URL,
    publicUrl: vars.PUBLIC_URL,
    jwt: {
      ...verification,
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
      rolesClaim: vars.JWT_ROLES_CLAIM ?? DEFAULTS.rolesClaim,
      maxLifetimeSeconds: vars.JWT_MAX_LIFETIME_SECONDS ?? DEFAULTS.jwtMaxLifetimeSeconds,
    },
    rateLimit: {
      perMinute: vars.RATE_LIMIT_PER_MINUTE ?? DEFAULTS.rateLimitPerMinute,
      perIpPerMinute: vars.RATE_LIMIT_IP_PER_MINUTE ?? DEFAULTS.rateLimitIpPerMinute,
    },
    ...(vars.DEFAULT_APP_ID === undefined ? {} : { defaultAppId: vars.DEFAULT_APP_ID }),
    phoneNumberCheck: vars.PHONE_NUMBER_CHECK ?? 'possible',
    cors: corsSettings(vars),
    retentionDays: vars.RETENTION_DAYS ?? DEFAULTS.retentionDays,
    role,
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
    tracing: {
      otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: vars.OTEL_SERVICE_NAME ?? DEFAULTS.serviceName,
    },
    limits: readLimits(readVariables(env, LimitVariables)),
  };
}
