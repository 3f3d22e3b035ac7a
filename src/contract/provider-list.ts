import { ConfigError } from '../common/config/variables';
import type { ProviderSource } from '../common/config/provider-source';
import { CHANNELS } from './channel';
import {
  parseProviderSettings,
  type ProviderSettings,
  ProviderSettingsError,
  providerSettings,
} from './provider-settings';
import type { Registration } from './registration';
import type { SettingsPart } from './settings-contribution';

function listedProviders(source: ProviderSource | undefined): ProviderSettings[] | undefined {
  if (!source) return undefined;
  try {
    return parseProviderSettings(source.json);
  } catch (error) {
    if (error instanceof ProviderSettingsError)
      throw new ConfigError(source.variable, error.message);
    throw error;
  }
}

/** The entry with the options its type's contributions give it, where it sets none itself. */
function withTypeDefaults(
  entry: ProviderSettings,
  parts: readonly SettingsPart<unknown>[],
): ProviderSettings {
  const missing = parts
    .flatMap(({ typeDefaults }) =>
      typeDefaults?.type === entry.type ? Object.entries(typeDefaults.options) : [],
    )
    .filter(([option, value]) => value !== undefined && entry.options[option] === undefined);
  if (missing.length === 0) return entry;
  return { ...entry, options: { ...entry.options, ...Object.fromEntries(missing) } };
}

/**
 * Every shortcut's providers for the channels PROVIDERS does not list (it decides alone for the
 * channels it lists); a fail-over shortcut's after the others'. A shortcut may not make a
 * provider whose id PROVIDERS already uses.
 */
function shortcutProviders(
  parts: readonly SettingsPart<unknown>[],
  listed: readonly ProviderSettings[],
): ProviderSettings[] {
  const listedChannels = new Set(listed.map(({ channel }) => channel));
  const made = parts.flatMap(({ shortcut }) => {
    if (!shortcut) return [];
    const entries = shortcut
      .providers(listedChannels)
      .filter(({ channel }) => !listedChannels.has(channel));
    const taken = entries.find(({ id }) => listed.some((entry) => entry.id === id));
    if (taken) {
      throw new ConfigError(
        shortcut.variable,
        `makes the provider ${taken.id}, an id that PROVIDERS already uses`,
      );
    }
    return entries.map((entry) => ({ entry, failover: shortcut.failover === true }));
  });
  return [
    ...made.filter(({ failover }) => !failover),
    ...made.filter(({ failover }) => failover),
  ].map(({ entry }) => entry);
}

/** The embedded default's provider for each channel that a registration offers one for. */
export function embeddedProviders(registrations: readonly Registration[]): ProviderSettings[] {
  return CHANNELS.flatMap((channel) => {
    for (const registration of registrations) {
      const identity = registration.embeddedProvider?.(channel);
      if (identity) return [providerSettings(identity.id, identity.type, channel)];
    }
    return [];
  });
}

/**
 * PROVIDERS (or PROVIDERS_FILE), its entries completed with their types' defaults, plus the
 * shortcuts; undefined when none is set (the registry then uses the embedded default's
 * providers outside production). Without PROVIDERS, the channels no shortcut serves keep their
 * embedded default's provider outside production.
 */
export function providerList(
  source: ProviderSource | undefined,
  parts: readonly SettingsPart<unknown>[],
  embedded: readonly ProviderSettings[],
  production: boolean,
): ProviderSettings[] | undefined {
  const listed = listedProviders(source)?.map((entry) => withTypeDefaults(entry, parts));
  const shortcuts = shortcutProviders(parts, listed ?? []);
  if (production)
    for (const part of parts) part.checkProduction?.([...(listed ?? []), ...shortcuts]);
  if (shortcuts.length === 0) return listed;
  if (listed) return [...listed, ...shortcuts];
  if (production) return shortcuts;
  const served = new Set(shortcuts.map(({ channel }) => channel));
  return [...shortcuts, ...embedded.filter(({ channel }) => !served.has(channel))];
}
