import { CHANNELS, type Channel } from './channel';

/** One provider as configured: where it sits in its channel's chain and how it retries. */
export interface ProviderSettings {
  readonly id: string;
  readonly type: string;
  readonly channel: Channel;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly circuitFailures: number;
  readonly circuitCooldownMs: number;
  readonly timeoutMs: number;
  /**
   * Sends per second the provider takes (an SES account's send rate, a Twilio sender's MPS),
   * shared by every worker; absent: no cap. Sends beyond it wait for their turn.
   */
  readonly ratePerSecond?: number;
  /** The type's own options (credentials, base URLs ...). */
  readonly options: Readonly<Record<string, unknown>>;
}

export const PROVIDER_DEFAULTS = {
  maxAttempts: 3,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  circuitFailures: 5,
  circuitCooldownMs: 30_000,
  timeoutMs: 30_000,
} as const;

/** A provider the gateway makes itself (a shortcut's, the embedded default's), with the default policy. */
export const providerSettings = (
  id: string,
  type: string,
  channel: Channel,
  options: Readonly<Record<string, unknown>> = {},
): ProviderSettings => ({ id, type, channel, ...PROVIDER_DEFAULTS, options });

const POLICY_KEYS = Object.keys(PROVIDER_DEFAULTS) as (keyof typeof PROVIDER_DEFAULTS)[];
const RATE_KEY = 'ratePerSecond';
/** Far beyond any provider's rate: a cap above it is a typing error. */
const MAX_RATE_PER_SECOND = 100_000;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** A problem with the provider configuration, worded to follow the variable's name. */
export class ProviderSettingsError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function policy(
  entry: Record<string, unknown>,
  where: string,
): Pick<ProviderSettings, (typeof POLICY_KEYS)[number]> {
  const values = { ...PROVIDER_DEFAULTS } as Record<(typeof POLICY_KEYS)[number], number>;
  for (const key of POLICY_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ProviderSettingsError(`${where}.${key} must be a positive integer`);
    }
    values[key] = value;
  }
  return values;
}

function rate(
  entry: Record<string, unknown>,
  where: string,
): Pick<ProviderSettings, 'ratePerSecond'> {
  const value = entry[RATE_KEY];
  if (value === undefined) return {};
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_RATE_PER_SECOND
  ) {
    throw new ProviderSettingsError(
      `${where}.${RATE_KEY} must be a positive number of sends per second, at most ${MAX_RATE_PER_SECOND}`,
    );
  }
  return { ratePerSecond: value };
}

function entryOf(channel: Channel, value: unknown, index: number): ProviderSettings {
  const where = `${channel}[${index}]`;
  if (!isRecord(value)) throw new ProviderSettingsError(`${where} must be an object`);
  const { id, type } = value;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new ProviderSettingsError(`${where}.id must be letters, digits, '.', '_' or '-'`);
  }
  if (typeof type !== 'string' || type === '')
    throw new ProviderSettingsError(`${where}.type is required`);
  const options = Object.fromEntries(
    Object.entries(value).filter(
      ([key]) => !['id', 'type', RATE_KEY, ...POLICY_KEYS].includes(key),
    ),
  );
  return { id, type, channel, ...policy(value, where), ...rate(value, where), options };
}

/**
 * Parses `{"sms": [{"id": "twilio-eu", "type": "twilio", ...}], "email": [...]}`: per channel,
 * providers in fail-over order. Ids are unique across channels (a send may pin one by id).
 */
export function parseProviderSettings(json: string): ProviderSettings[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ProviderSettingsError('must be valid JSON');
  }
  if (!isRecord(parsed)) throw new ProviderSettingsError('must be an object keyed by channel');
  const providers = Object.entries(parsed).flatMap(([channel, list]) => {
    if (!CHANNELS.includes(channel as Channel)) {
      throw new ProviderSettingsError(
        `names an unknown channel ${channel} (known: ${CHANNELS.join(', ')})`,
      );
    }
    if (!Array.isArray(list))
      throw new ProviderSettingsError(`${channel} must be an array of providers`);
    return list.map((entry, index) => entryOf(channel as Channel, entry, index));
  });
  const seen = new Set<string>();
  for (const { id } of providers) {
    if (seen.has(id)) throw new ProviderSettingsError(`uses the provider id ${id} twice`);
    seen.add(id);
  }
  return providers;
}
