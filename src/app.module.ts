import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppsModule } from './identity/apps.module';
import { AuthModule } from './identity/auth.module';
import { BroadcastModule } from './api/broadcasts/broadcast.module';
import { CommonModule } from './common/common.module';
import { SettingsModule } from './common/config/settings.module';
import { DatabaseModule } from './common/database/database.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { loggingParams } from './common/logging/logging';
import { rateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { DevelopmentAccess } from './development-access';
import { CHANNEL_REGISTRATIONS } from './channels/channels';
import { emailChannel } from './channels/email/email.channel';
import { webhookChannel } from './channels/webhook/webhook.channel';
import { REGISTRATIONS } from './app.settings';
import { VENDOR_REGISTRATIONS } from './vendors/vendors';
import type { Registration } from './contract/registration';
import { HealthModule } from './api/health/health.module';
import { MessageLogApiModule } from './api/messages/message-log-api.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import type { GatewaySettings } from './contract/gateway-settings';
import type { ProviderFactory } from './contract/provider';
import { ProviderTypesModule } from './dispatch/providers/provider-types.module';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { TemplatesModule } from './templates/templates.module';
import { dialectModules } from './dialects/dialects';

export interface AppModuleOptions {
  /** Provider types beyond the built-in ones. */
  readonly providerFactories?: readonly ProviderFactory[];
}

/** The modules of the channels or vendors that have one. */
const modulesOf = (
  registrations: readonly Registration[],
  settings: GatewaySettings,
): (Type | DynamicModule)[] =>
  registrations.flatMap(({ module }) => (module ? [module(settings)] : []));

/**
 * Modules are imported, and their paths listed in openapi.json, in the order the document was first
 * published in, so that it changes only when the API does (generated clients and reviews diff it):
 * the email channel's routes sit among the template and suppression routes it uses, and the
 * outbound webhook channel's after the vendors' report routes. Any other channel comes first.
 */
const routeOrder = {
  channelsFirst: CHANNEL_REGISTRATIONS.filter((c) => c !== emailChannel && c !== webhookChannel),
  channelsLast: [webhookChannel],
} as const;

@Module({})
export class AppModule {
  /**
   * The whole service for validated settings: the infrastructure (global), then every module
   * with routes, each importing what it uses. Adapters are chosen from the settings, once per
   * module whichever modules import it.
   */
  static forRoot(settings: GatewaySettings, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        LoggerModule.forRoot(loggingParams(settings)),
        CommonModule,
        DatabaseModule.forRoot(settings),
        RedisModule.forRoot(settings),
        rateLimitModule(settings),
        ProviderTypesModule.forRoot(settings, REGISTRATIONS, options.providerFactories),
        AppsModule.forRoot(settings),
        AuthModule.forRoot(settings),
        MessageLogApiModule.forRoot(settings),
        // In the order of their paths in openapi.json, as first published (see routeOrder).
        ...modulesOf(routeOrder.channelsFirst, settings),
        TemplatesModule.forRoot(settings),
        ...modulesOf([emailChannel], settings),
        SuppressionsModule.forRoot(settings),
        HealthModule.forRoot(settings),
        ...modulesOf(VENDOR_REGISTRATIONS, settings),
        ...modulesOf(routeOrder.channelsLast, settings),
        BroadcastModule.forRoot(settings),
        ...Object.values(dialectModules).map((dialect) => dialect.forRoot(settings)),
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useValue: createValidationPipe() },
        // Uses the apps and auth modules, imported above for it.
        DevelopmentAccess,
      ],
    };
  }
}
