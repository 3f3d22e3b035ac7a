import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvironmentVariables, type LOG_LEVELS, type NODE_ENVIRONMENTS } from './environment';
import { readFileSync } from 'node:fs';
import { parseServiceAccount } from '../../vendors/fcm/fcm-service-account';
import { vapidPublicKeyProblem } from '../../vendors/webpush/vapid-keys';
import { MESSAGING_SERVICE_SID } from '../../contract/content/sms.content';
import { parseSmtpUrl } from '../../vendors/smtp/smtp-url';
import {
  parseProviderSettings,
  PROVIDER_DEFAULTS,
  type ProviderSettings,
  ProviderSettingsError,
  readProviderFile,
} from '../../contract/provider-settings';
import { CHANNELS, type Channel } from '../../contract/channel';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Raised when the environment is wrong; its message is the one line printed before exiting. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export type JwtVerification =
  | { readonly mode: 'HS256'; readonly secret: string }
  | { readonly mode: 'RS256'; readonly publicKey: string }
  /** Embedded default only: a secret made at start-up so a newcomer can try admin routes. */
  | { readonly mode: 'development'; readonly secret: string };

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
  readonly encryptionKey?: Buffer;
  readonly outboundAllowPrivate: boolean;
  readonly email: {
    /** Largest attachment, in bytes after base64 decoding. */
    readonly attachmentMaxBytes: number;
    /** Largest sum of one message's attachments, in bytes after decoding. */
    readonly attachmentsMaxBytes: number;
    /** Whether executable attachments (.exe, .js, application/x-msdownload ...) are taken. */
    readonly allowExecutableAttachments: boolean;
    /** SNS topics whose SES notifications are accepted; any verified topic when undefined. */
    readonly snsTopicArns?: readonly string[];
  };
  readonly providers: {
    /**
     * From PROVIDERS or PROVIDERS_FILE and the shortcuts: Twilio (ids `twilio-sms`,
     * `twilio-whatsapp`, `twilio-voice`) and email (`ses`, `smtp`); undefined when none is set.
     */
    readonly list?: readonly ProviderSettings[];
    readonly file?: string;
    readonly twilio: {
      readonly accountSid?: string;
      readonly authToken?: string;
      readonly from?: string;
      readonly apiBaseUrl?: string;
    };
    readonly smtpUrl?: string;
    readonly emailFrom?: string;
    readonly ses: { readonly region?: string; readonly endpoint?: string };
    readonly fcmApiBaseUrl?: string;
    /** VAPID keys of `webpush` providers; outside production a pair is made when unset. */
    readonly vapid: {
      readonly publicKey?: string;
      readonly privateKey?: string;
      readonly subject?: string;
    };
    /** FCM_SERVICE_ACCOUNT's key file JSON (read from the file when a path was given). */
    readonly fcmServiceAccount?: string;
  };
}

export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  bodyLimit: '15mb',
  /** 10 MB: what most mail systems take in one message, and under the default body limit in base64. */
  attachmentsMaxBytes: 10 * 1024 * 1024,
  rolesClaim: 'roles',
  rateLimitPerMinute: 100,
  rateLimitIpPerMinute: 60,
  retentionDays: 90,
  dispatchConcurrency: 16,
  dispatchClaimSeconds: 60,
} as const;

function firstProblem(errors: ValidationError[]): ConfigError | undefined {
  const error = errors.at(0);
  if (!error) return undefined;
  const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  // class-validator messages start with the property name; the one line names it once.
  return new ConfigError(error.property, reason.replace(new RegExp(`^${error.property}\\s+`), ''));
}

function validate(env: Environment): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariablesKeys());
  const raw = Object.fromEntries(known.map((name) => [name, env[name]]));
  const variables = plainToInstance(EnvironmentVariables, raw);
  const problem = firstProblem(validateSync(variables, { stopAtFirstError: true }));
  if (problem) throw problem;
  return variables;
}

/** The names the service reads: the keys of `EnvironmentVariables`, listed once. */
class EnvironmentVariablesKeys implements Record<keyof EnvironmentVariables, undefined> {
  NODE_ENV = undefined;
  PORT = undefined;
  HOST = undefined;
  LOG_LEVEL = undefined;
  MONGODB_URI = undefined;
  REDIS_URL = undefined;
  PUBLIC_URL = undefined;
  JWT_SECRET = undefined;
  JWT_PUBLIC_KEY = undefined;
  JWT_ISSUER = undefined;
  JWT_AUDIENCE = undefined;
  JWT_ROLES_CLAIM = undefined;
  RATE_LIMIT_PER_MINUTE = undefined;
  RATE_LIMIT_IP_PER_MINUTE = undefined;
  TRUST_PROXY = undefined;
  RETENTION_DAYS = undefined;
  ENCRYPTION_KEY = undefined;
  OUTBOUND_ALLOW_PRIVATE = undefined;
  EMAIL_ATTACHMENT_MAX_BYTES = undefined;
  EMAIL_ATTACHMENTS_MAX_BYTES = undefined;
  EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS = undefined;
  SES_SNS_TOPIC_ARNS = undefined;
  BODY_LIMIT = undefined;
  DISPATCH_CONCURRENCY = undefined;
  DISPATCH_CLAIM_SECONDS = undefined;
  PROVIDERS = undefined;
  PROVIDERS_FILE = undefined;
  TWILIO_ACCOUNT_SID = undefined;
  TWILIO_AUTH_TOKEN = undefined;
  TWILIO_FROM = undefined;
  SMTP_URL = undefined;
  EMAIL_FROM = undefined;
  SES_REGION = undefined;
  TWILIO_API_BASE_URL = undefined;
  SES_ENDPOINT = undefined;
  FCM_API_BASE_URL = undefined;
  VAPID_PUBLIC_KEY = undefined;
  VAPID_PRIVATE_KEY = undefined;
  VAPID_SUBJECT = undefined;
  FCM_SERVICE_ACCOUNT = undefined;
}

export const ENVIRONMENT_VARIABLE_NAMES: readonly string[] = Object.keys(
  new EnvironmentVariablesKeys(),
);

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

function listedProviders(vars: EnvironmentVariables): ProviderSettings[] | undefined {
  if (vars.PROVIDERS && vars.PROVIDERS_FILE) {
    throw new ConfigError('PROVIDERS_FILE', 'cannot be set together with PROVIDERS: choose one');
  }
  const variable = vars.PROVIDERS ? 'PROVIDERS' : 'PROVIDERS_FILE';
  try {
    if (vars.PROVIDERS) return parseProviderSettings(vars.PROVIDERS);
    if (vars.PROVIDERS_FILE) return parseProviderSettings(readProviderFile(vars.PROVIDERS_FILE));
    return undefined;
  } catch (error) {
    if (error instanceof ProviderSettingsError) throw new ConfigError(variable, error.message);
    throw error;
  }
}

/**
 * The embedded default's provider for a channel: a sandbox that records instead of sending;
 * for in-app the real `inbox` provider, which only writes to the service's own store, so that
 * notifications sent on the embedded default can be read back from the inbox.
 */
export const sandboxProviderSettings = (channel: Channel): ProviderSettings => ({
  ...(channel === 'inapp'
    ? { id: 'inbox', type: 'inbox' }
    : { id: `sandbox-${channel}`, type: 'sandbox' }),
  channel,
  ...PROVIDER_DEFAULTS,
  options: {},
});

const TWILIO_CHANNELS: readonly Channel[] = ['sms', 'whatsapp', 'voice'];

/** TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN come as a pair, and TWILIO_FROM needs them. */
function twilioCredentials(
  vars: EnvironmentVariables,
): { accountSid: string; authToken: string } | undefined {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = vars;
  if (accountSid && !authToken)
    throw new ConfigError('TWILIO_AUTH_TOKEN', 'is required with TWILIO_ACCOUNT_SID');
  if (!accountSid && authToken)
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'is required with TWILIO_AUTH_TOKEN');
  if (!accountSid && vars.TWILIO_FROM)
    throw new ConfigError(
      'TWILIO_ACCOUNT_SID',
      'and TWILIO_AUTH_TOKEN are required with TWILIO_FROM',
    );
  return accountSid && authToken ? { accountSid, authToken } : undefined;
}

/**
 * TWILIO_FROM as a channel's sender: a number serves every channel, a Messaging Service SMS and
 * WhatsApp, an alphanumeric sender id SMS only.
 */
function twilioSender(channel: Channel, from: string | undefined): Record<string, string> {
  if (from === undefined) return {};
  if (from.startsWith('+')) return { from };
  if (MESSAGING_SERVICE_SID.test(from))
    return channel === 'voice' ? {} : { messagingServiceSid: from };
  return channel === 'sms' ? { from } : {};
}

/**
 * Variables that are the defaults of every PROVIDERS entry of a type: TWILIO_API_BASE_URL of
 * `twilio` entries, EMAIL_FROM of `smtp` and `ses` entries, SES_REGION and SES_ENDPOINT of `ses`
 * entries, VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT of `webpush` entries,
 * FCM_SERVICE_ACCOUNT and FCM_API_BASE_URL of `fcm` entries. An entry's own option wins.
 */
function withTypeDefaults(
  entry: ProviderSettings,
  vars: EnvironmentVariables,
  push: PushVariables,
): ProviderSettings {
  const defaults: Readonly<Record<string, Record<string, string | undefined>>> = {
    twilio: { apiBaseUrl: vars.TWILIO_API_BASE_URL },
    smtp: { from: vars.EMAIL_FROM },
    ses: { from: vars.EMAIL_FROM, region: vars.SES_REGION, endpoint: vars.SES_ENDPOINT },
    webpush: {
      vapidPublicKey: vars.VAPID_PUBLIC_KEY,
      vapidPrivateKey: vars.VAPID_PRIVATE_KEY,
      vapidSubject: vars.VAPID_SUBJECT,
    },
    fcm: { serviceAccount: push.fcmServiceAccount, apiBaseUrl: vars.FCM_API_BASE_URL },
  };
  const missing = Object.entries(defaults[entry.type] ?? {}).filter(
    ([option, value]) => value !== undefined && entry.options[option] === undefined,
  );
  if (missing.length === 0) return entry;
  return { ...entry, options: { ...entry.options, ...Object.fromEntries(missing) } };
}

interface PushVariables {
  readonly fcmServiceAccount?: string;
}

/** FCM_SERVICE_ACCOUNT holds the key file's JSON itself, or the path of the file. */
function fcmServiceAccountJson(value: string): string {
  if (value.trimStart().startsWith('{')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw new ConfigError('FCM_SERVICE_ACCOUNT', 'names a file that cannot be read');
  }
}

/**
 * The push variables, checked whole so that a wrong one is named: the VAPID keys come as a pair
 * with a subject, and the service-account key must be usable (never echoed: it holds a key).
 */
function pushVariables(vars: EnvironmentVariables): PushVariables {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = vars;
  if (publicKey && !privateKey)
    throw new ConfigError('VAPID_PRIVATE_KEY', 'is required with VAPID_PUBLIC_KEY');
  if (!publicKey && privateKey)
    throw new ConfigError('VAPID_PUBLIC_KEY', 'is required with VAPID_PRIVATE_KEY');
  const publicProblem = publicKey ? vapidPublicKeyProblem(publicKey) : undefined;
  if (publicProblem) throw new ConfigError('VAPID_PUBLIC_KEY', publicProblem);
  if (publicKey && !vars.VAPID_SUBJECT)
    throw new ConfigError(
      'VAPID_SUBJECT',
      'is required with VAPID_PUBLIC_KEY: a mailto: or https: contact for push services',
    );
  if (!vars.FCM_SERVICE_ACCOUNT) return {};
  const json = fcmServiceAccountJson(vars.FCM_SERVICE_ACCOUNT);
  const parsed = parseServiceAccount(json);
  if (!parsed.ok) throw new ConfigError('FCM_SERVICE_ACCOUNT', parsed.problem);
  return { fcmServiceAccount: json };
}

/**
 * In production a `webpush` provider needs configured VAPID keys: a pair made at start-up would
 * change at every restart (and differ between instances), silently breaking every subscription.
 */
function checkWebPushKeys(listed: readonly ProviderSettings[]): void {
  const keyless = listed.find(
    ({ type, options }) =>
      type === 'webpush' &&
      (options.vapidPublicKey === undefined || options.vapidPrivateKey === undefined),
  );
  if (keyless) {
    throw new ConfigError(
      'VAPID_PUBLIC_KEY',
      `and VAPID_PRIVATE_KEY are required when NODE_ENV=production with the webpush provider ${keyless.id}`,
    );
  }
}

/** A shortcut's provider for a channel, with the default retry and circuit settings. */
const shortcutEntry = (
  id: string,
  type: string,
  channel: Channel,
  options: Record<string, unknown>,
): ProviderSettings => ({ id, type, channel, ...PROVIDER_DEFAULTS, options });

/** A shortcut may not make a provider whose id PROVIDERS already uses. */
function checkIdsFree(
  entries: readonly ProviderSettings[],
  listed: readonly ProviderSettings[],
  variableOf: (entry: ProviderSettings) => string,
): void {
  const taken = entries.find(({ id }) => listed.some((entry) => entry.id === id));
  if (taken) {
    throw new ConfigError(
      variableOf(taken),
      `makes the provider ${taken.id}, an id that PROVIDERS already uses`,
    );
  }
}

/**
 * The Twilio shortcut's providers `twilio-sms`, `twilio-whatsapp` and `twilio-voice`, for the
 * channels that PROVIDERS does not list (PROVIDERS decides alone for the channels it lists).
 */
function twilioShortcut(
  vars: EnvironmentVariables,
  listed: readonly ProviderSettings[],
): ProviderSettings[] {
  const credentials = twilioCredentials(vars);
  if (!credentials) return [];
  const listedChannels = new Set(listed.map(({ channel }) => channel));
  const channels = TWILIO_CHANNELS.filter((channel) => !listedChannels.has(channel));
  if (channels.includes('sms') && !vars.TWILIO_FROM) {
    throw new ConfigError(
      'TWILIO_FROM',
      'is required with TWILIO_ACCOUNT_SID: the SMS sender number or Messaging Service SID',
    );
  }
  const entries = channels.map((channel) =>
    shortcutEntry(`twilio-${channel}`, 'twilio', channel, {
      ...credentials,
      ...twilioSender(channel, vars.TWILIO_FROM),
      ...(vars.TWILIO_API_BASE_URL ? { apiBaseUrl: vars.TWILIO_API_BASE_URL } : {}),
    }),
  );
  checkIdsFree(entries, listed, () => 'TWILIO_ACCOUNT_SID');
  return entries;
}

/** SMTP_URL is checked whole here, so that a wrong one is named by its variable. */
function checkSmtpUrl(smtpUrl: string | undefined): void {
  if (smtpUrl === undefined) return;
  const parsed = parseSmtpUrl(smtpUrl);
  if (!parsed.ok) throw new ConfigError('SMTP_URL', parsed.problem);
}

/**
 * The email shortcut: SES_REGION makes the provider `ses` (with SES_ENDPOINT), SMTP_URL the
 * provider `smtp`, both with EMAIL_FROM as default sender; with both, SES first and SMTP as its
 * fail-over. Only when PROVIDERS does not list email (it decides alone for the channels it
 * lists). Without EMAIL_FROM every message names its own sender (apps often send from their own
 * domains).
 */
function emailShortcut(
  vars: EnvironmentVariables,
  listed: readonly ProviderSettings[],
): ProviderSettings[] {
  checkSmtpUrl(vars.SMTP_URL);
  if (listed.some(({ channel }) => channel === 'email')) return [];
  const from = vars.EMAIL_FROM === undefined ? {} : { from: vars.EMAIL_FROM };
  const entries = [
    ...(vars.SES_REGION === undefined
      ? []
      : [
          shortcutEntry('ses', 'ses', 'email', {
            region: vars.SES_REGION,
            ...(vars.SES_ENDPOINT === undefined ? {} : { endpoint: vars.SES_ENDPOINT }),
            ...from,
          }),
        ]),
    ...(vars.SMTP_URL === undefined
      ? []
      : [shortcutEntry('smtp', 'smtp', 'email', { url: vars.SMTP_URL, ...from })]),
  ];
  checkIdsFree(entries, listed, ({ type }) => (type === 'ses' ? 'SES_REGION' : 'SMTP_URL'));
  return entries;
}

/**
 * PROVIDERS (or PROVIDERS_FILE) plus the Twilio and email shortcuts; undefined when none is set
 * (the registry then uses sandbox providers outside production). Without PROVIDERS, the
 * channels no shortcut serves keep their sandbox providers outside production.
 */
function providerList(
  vars: EnvironmentVariables,
  production: boolean,
  push: PushVariables,
): ProviderSettings[] | undefined {
  const listed = listedProviders(vars)?.map((entry) => withTypeDefaults(entry, vars, push));
  if (listed && production) checkWebPushKeys(listed);
  const shortcuts = [...twilioShortcut(vars, listed ?? []), ...emailShortcut(vars, listed ?? [])];
  if (shortcuts.length === 0) return listed;
  if (listed) return [...listed, ...shortcuts];
  const served = new Set(shortcuts.map(({ channel }) => channel));
  const sandbox = production
    ? []
    : CHANNELS.filter((channel) => !served.has(channel)).map(sandboxProviderSettings);
  return [...shortcuts, ...sandbox];
}

function decodeKey(value: string | undefined): Buffer | undefined {
  if (!value) return undefined;
  return Buffer.from(value, value.length === 64 ? 'hex' : 'base64');
}

/**
 * Validates the environment and builds the settings. Throws `ConfigError` naming the first
 * wrong variable. `makeSecret` supplies the development JWT secret when none is configured.
 */
export function parseSettings(env: Environment, makeSecret: () => string): Settings {
  const vars = validate(env);
  const environment = vars.NODE_ENV ?? 'development';
  const production = environment === 'production';
  if (production && !vars.MONGODB_URI) {
    throw new ConfigError('MONGODB_URI', 'is required when NODE_ENV=production');
  }
  const push = pushVariables(vars);
  const providerSettings = providerList(vars, production, push);
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
    encryptionKey: decodeKey(vars.ENCRYPTION_KEY),
    outboundAllowPrivate: vars.OUTBOUND_ALLOW_PRIVATE ?? false,
    email: {
      attachmentMaxBytes: vars.EMAIL_ATTACHMENT_MAX_BYTES ?? DEFAULTS.attachmentsMaxBytes,
      attachmentsMaxBytes: vars.EMAIL_ATTACHMENTS_MAX_BYTES ?? DEFAULTS.attachmentsMaxBytes,
      allowExecutableAttachments: vars.EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS ?? false,
      snsTopicArns: vars.SES_SNS_TOPIC_ARNS?.split(','),
    },
    providers: {
      list: providerSettings,
      file: vars.PROVIDERS_FILE,
      twilio: {
        accountSid: vars.TWILIO_ACCOUNT_SID,
        authToken: vars.TWILIO_AUTH_TOKEN,
        from: vars.TWILIO_FROM,
        apiBaseUrl: vars.TWILIO_API_BASE_URL,
      },
      smtpUrl: vars.SMTP_URL,
      emailFrom: vars.EMAIL_FROM,
      ses: { region: vars.SES_REGION, endpoint: vars.SES_ENDPOINT },
      fcmApiBaseUrl: vars.FCM_API_BASE_URL,
      vapid: {
        publicKey: vars.VAPID_PUBLIC_KEY,
        privateKey: vars.VAPID_PRIVATE_KEY,
        subject: vars.VAPID_SUBJECT,
      },
      fcmServiceAccount: push.fcmServiceAccount,
    },
  };
}
