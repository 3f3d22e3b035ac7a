import { EnvironmentVariables } from '../common/config/environment';
import { LimitVariables } from '../common/config/limits';
import { ProviderListVariables, readProviderSource } from '../common/config/provider-source';
import { parseSettings } from '../common/config/settings';
import {
  type Environment,
  readVariables,
  type VariablesClass,
  variableNames,
} from '../common/config/variables';
import { embeddedProviders, providerList } from './provider-list';
import type { Registration } from './registration';
import type { GatewaySettings } from './gateway-settings';
import type { SettingsContribution } from './settings-contribution';

const contributionsOf = (registrations: readonly Registration[]): SettingsContribution[] =>
  registrations.flatMap(({ settings }) => (settings ? [settings] : []));

const variableClasses = (registrations: readonly Registration[]): VariablesClass[] => [
  EnvironmentVariables,
  LimitVariables,
  ProviderListVariables,
  ...contributionsOf(registrations).map(({ variables }) => variables),
];

/** Every variable the service reads: the generic ones and those the registrations declare. */
export const environmentVariableNames = (registrations: readonly Registration[]): string[] => [
  ...new Set(variableClasses(registrations).flatMap(variableNames)),
];

/**
 * Validates the environment and builds the settings of a gateway made of `registrations`.
 * Every variable's own form is checked before any combination, so a malformed value is named
 * first. Throws `ConfigError` naming the wrong variable; `makeSecret` supplies the development
 * JWT secret when none is configured.
 */
export function parseGatewaySettings(
  env: Environment,
  makeSecret: () => string,
  registrations: readonly Registration[],
): GatewaySettings {
  for (const type of variableClasses(registrations)) readVariables(env, type);
  const settings = parseSettings(env, makeSecret);
  const source = readProviderSource(env);
  const read = contributionsOf(registrations).map(
    (contribution) => [contribution, contribution.read(env)] as const,
  );
  const parts = read.map(([, part]) => part);
  const embedded = embeddedProviders(registrations);
  return {
    ...settings,
    providers: {
      list: providerList(source, parts, embedded, settings.production),
      file: source?.file,
      embedded,
      variablesSet: Object.fromEntries(
        parts.flatMap(({ variablesSet }) => Object.entries(variablesSet ?? {})),
      ),
    },
    contributed: new Map(read.map(([contribution, part]) => [contribution, part.settings])),
  };
}
