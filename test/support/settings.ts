import { generateKeyPairSync } from 'node:crypto';
import { parseAppSettings } from '../../src/app.settings';
import { ConfigError, type Environment } from '../../src/common/config/variables';
import type { GatewaySettings } from '../../src/contract/gateway-settings';
import type { Channel } from '../../src/contract/channel';
import type { ProviderSettings } from '../../src/contract/provider-settings';

/** What the settings specs use as the secret made for the development JWT mode. */
export const DEV_SECRET = 'generated-development-secret';
export const MONGODB_URI = 'mongodb://db.internal:27017/switchboard';
export const STRONG_SECRET = 'a-perfectly-long-hs256-secret-of-48-characters!!';
/** Whom tokens are from and for: production requires both. */
export const TOKEN_PARTIES = {
  JWT_ISSUER: 'https://id.example.com/',
  JWT_AUDIENCE: 'switchboard',
} as const;

/** An ENCRYPTION_KEY of the right form (32 bytes as 64 hex characters), which production needs. */
export const ENCRYPTION_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** This build's settings (every channel and vendor) from `env`. */
export const parseApp = (env: Environment): GatewaySettings =>
  parseAppSettings(env, () => DEV_SECRET);

/** The ConfigError that `parse(env)` raises; fails the test when it raises nothing or something else. */
export function configErrorOf(
  env: Environment,
  parse: (env: Environment) => unknown = parseApp,
): ConfigError {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

/** The configured providers by id. */
export const providersById = (settings: GatewaySettings): Record<string, ProviderSettings> =>
  Object.fromEntries((settings.providers.list ?? []).map((entry) => [entry.id, entry]));

/** The error is a `ConfigError` whose one line names `variable` first. */
export function expectOneLineNaming(error: ConfigError, variable: string): void {
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe('ConfigError');
  expect(error.variable).toBe(variable);
  expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} \\S`));
  expect(error.message).not.toMatch(/[\r\n]/);
}

/** The configured providers of one channel, in fail-over order. */
export const channelChain = (env: Environment, channel: Channel): ProviderSettings[] =>
  (parseApp(env).providers.list ?? []).filter((entry) => entry.channel === channel);

/** A VAPID key pair and subject of the right form. */
export const VAPID = {
  VAPID_PUBLIC_KEY: `B${'A'.repeat(86)}`,
  VAPID_PRIVATE_KEY: 'k'.repeat(43),
  VAPID_SUBJECT: 'mailto:ops@example.com',
};

/** A new FCM service-account key file: its private key (PEM) and the file's JSON. */
export function serviceAccountKey(): { readonly pem: string; readonly json: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'shop-123',
    client_email: 'sender@shop-123.iam.gserviceaccount.com',
    private_key: pem,
  });
  return { pem, json };
}
