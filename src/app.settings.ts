import type { Environment } from './common/config/variables';
import { CHANNEL_REGISTRATIONS } from './channels/channels';
import type { GatewaySettings } from './contract/gateway-settings';
import { environmentVariableNames, parseGatewaySettings } from './contract/parse-gateway-settings';
import type { Registration } from './contract/registration';
import { dialectsRegistration } from './dialects/dialects';
import { VENDOR_REGISTRATIONS } from './vendors/vendors';

/**
 * This build's channels, vendors and dialects. Channels first: a channel's own embedded default
 * provider (the in-app inbox) is chosen before a vendor's (the sandbox).
 */
export const REGISTRATIONS: readonly Registration[] = [
  ...CHANNEL_REGISTRATIONS,
  ...VENDOR_REGISTRATIONS,
  dialectsRegistration,
];

/** This build's settings; a wrong variable is a `ConfigError` naming it. */
export const parseAppSettings = (env: Environment, makeSecret: () => string): GatewaySettings =>
  parseGatewaySettings(env, makeSecret, REGISTRATIONS);

/** Every variable this build reads: what README.md and .env.example document. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly string[] =
  environmentVariableNames(REGISTRATIONS);
