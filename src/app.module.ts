import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppsModule } from './identity/apps/apps.module';
import { AuthModule } from './identity/auth/auth.module';
import { BroadcastModule } from './api/broadcasts/broadcast.module';
import { CommonModule } from './common/common.module';
import type { Settings } from './common/config/settings';
import { SettingsModule } from './common/config/settings.module';
import { DatabaseModule } from './common/database/database.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { loggingParams } from './common/logging/logging';
import { rateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { DevelopmentAccess } from './development-access';
import { EmailModule } from './channels/email/email.module';
import { HealthModule } from './api/health/health.module';
import { InboxModule } from './channels/inapp/inbox.module';
import { LogsModule } from './api/messages/messages-api.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import type { ProviderFactory } from './contract/provider';
import { ProviderTypesModule } from './dispatch/providers/provider-types.module';
import { PushModule } from './channels/push/push.module';
import { SmsModule } from './channels/sms/sms.module';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { TemplatesModule } from './templates/templates.module';
import { VoiceModule } from './channels/voice/voice.module';
import { WebhookModule } from './channels/webhook/webhook.module';
import { WebhooksModule } from './vendors/twilio/twilio.module';
import { WhatsappModule } from './channels/whatsapp/whatsapp.module';

export interface AppModuleOptions {
  /** Provider types beyond the built-in ones. */
  readonly providerFactories?: readonly ProviderFactory[];
}

@Module({})
export class AppModule {
  /**
   * The whole service for validated settings: the infrastructure (global), then every module
   * with routes, each importing what it uses. Adapters are chosen from the settings, once per
   * module whichever modules import it.
   */
  static forRoot(settings: Settings, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        LoggerModule.forRoot(loggingParams(settings)),
        CommonModule,
        DatabaseModule.forRoot(settings),
        RedisModule.forRoot(settings),
        rateLimitModule(settings),
        ProviderTypesModule.forRoot(options.providerFactories),
        AppsModule.forRoot(settings),
        AuthModule.forRoot(settings),
        LogsModule.forRoot(settings),
        InboxModule.forRoot(settings),
        SmsModule.forRoot(settings),
        WhatsappModule.forRoot(settings),
        VoiceModule.forRoot(settings),
        PushModule.forRoot(settings),
        TemplatesModule.forRoot(settings),
        EmailModule.forRoot(settings),
        SuppressionsModule.forRoot(settings),
        HealthModule.forRoot(settings),
        WebhooksModule.forRoot(settings),
        WebhookModule.forRoot(settings),
        BroadcastModule.forRoot(settings),
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
