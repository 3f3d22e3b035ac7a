import { type Environment, readVariables, type VariablesClass } from '../common/config/variables';
import type { Channel } from './channel';
import type { GatewaySettings } from './gateway-settings';
import type { ProviderSettings } from './provider-settings';

/** Options given to every PROVIDERS entry of one provider type that does not set them itself. */
export interface TypeDefaults {
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Providers a vendor makes from its own variables, so that one needs no PROVIDERS entry. */
export interface Shortcut {
  /** The variable that turns the shortcut on: named when PROVIDERS already uses one of its ids. */
  readonly variable: string;
  /** Its providers stand after other shortcuts' in a channel they share: it is the fail-over. */
  readonly failover?: boolean;
  /**
   * Its providers; none when its variables are unset. Those of channels PROVIDERS lists
   * (`listed`) are left out, as PROVIDERS decides alone for its channels. Throws `ConfigError`
   * for a missing variable.
   */
  providers(listed: ReadonlySet<Channel>): readonly ProviderSettings[];
}

/** What a channel or vendor makes of its own variables once they are validated. */
export interface SettingsPart<S> {
  /** Its settings, which its own code reads back with `SettingsContribution.of`. */
  readonly settings: S;
  readonly typeDefaults?: TypeDefaults;
  readonly shortcut?: Shortcut;
  /** In production: refuses a provider (listed or a shortcut's) it cannot serve there, with a `ConfigError`. */
  checkProduction?(listed: readonly ProviderSettings[]): void;
  /** For `/status`: which of its variables are set, as booleans and never a value. */
  readonly variablesSet?: Readonly<Record<string, unknown>>;
}

/** The variables a channel or vendor reads, and what it makes of them. */
export interface SettingsContribution<S = unknown> {
  /** Its variables: their names, and their form as class-validator decorators. */
  readonly variables: VariablesClass;
  /** Validates its variables and reads them; throws `ConfigError` naming a wrong one. */
  read(env: Environment): SettingsPart<S>;
  /** Its settings among the gateway's. */
  of(settings: GatewaySettings): S;
}

/** A contribution that reads the validated variables of `variables` with `read`. */
export function settingsContribution<V extends object, S>(
  variables: VariablesClass<V>,
  read: (vars: V) => SettingsPart<S>,
): SettingsContribution<S> {
  const contribution: SettingsContribution<S> = {
    variables,
    read: (env) => read(readVariables(env, variables)),
    of: (settings) => {
      if (!settings.contributed.has(contribution)) {
        throw new Error(`settings of ${variables.name} were not read: its owner is not registered`);
      }
      return settings.contributed.get(contribution) as S;
    },
  };
  return contribution;
}

/** For `variablesSet`: each property of `values` as whether it is set. */
export const whichAreSet = (values: object): Record<string, boolean> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value !== undefined]));
