import type { DynamicModule, Type } from '@nestjs/common';
import type { Channel } from './channel';
import type { GatewaySettings } from './gateway-settings';
import type { ProviderFactory } from './provider';
import type { SettingsContribution } from './settings-contribution';

/** A provider as the embedded default names it; its policy is the default one. */
export interface ProviderIdentity {
  readonly id: string;
  readonly type: string;
}

/**
 * What a channel or a vendor brings to the gateway; each folder exports one, and the
 * composition root lists them (`channels/channels.ts`, `vendors/vendors.ts`).
 */
export interface Registration {
  /** The variables it reads and what it makes of them. */
  readonly settings?: SettingsContribution;
  /**
   * The provider it offers the embedded default (no PROVIDERS, outside production) for
   * `channel`; the first registration that offers one for a channel is used.
   */
  readonly embeddedProvider?: (channel: Channel) => ProviderIdentity | undefined;
  /** Provider types it builds from their options alone. */
  readonly providerFactories?: readonly ProviderFactory[];
  /**
   * Provider types made with a module's own services (the in-app inbox writes to the service's
   * store): the module that exports them, and their classes.
   */
  readonly injectedProviderFactories?: {
    readonly module: (settings: GatewaySettings) => Type | DynamicModule;
    readonly factories: readonly Type<ProviderFactory>[];
  };
  /** Its routes and services. */
  readonly module?: (settings: GatewaySettings) => Type | DynamicModule;
}
