import type { Settings } from '../common/config/settings';
import type { ProviderSettings } from './provider-settings';

/** The generic settings, the providers, and what each registered channel and vendor read. */
export interface GatewaySettings extends Settings {
  readonly providers: {
    /** From PROVIDERS or PROVIDERS_FILE and the shortcuts; undefined when none is set. */
    readonly list?: readonly ProviderSettings[];
    readonly file?: string;
    /** The embedded default's provider per channel: used outside production without a list. */
    readonly embedded: readonly ProviderSettings[];
    /** For `/status`: which channel and vendor variables are set, as their owners tell it. */
    readonly variablesSet: Readonly<Record<string, unknown>>;
  };
  /**
   * Each contribution's own settings, keyed by the contribution itself; read them with its
   * `SettingsContribution.of`.
   */
  readonly contributed: ReadonlyMap<object, unknown>;
}
