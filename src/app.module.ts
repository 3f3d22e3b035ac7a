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
import { MessagesModule } from './dispatch/dispatch.module';
import type { ProviderFactory } from './contract/provider';
import { ProvidersModule } from './dispatch/providers/providers.module';
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
  /** The whole service for validated settings; adapters are chosen here, once. */
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
        AppsModule.forRoot(settings),
        AuthModule,
        ProvidersModule.forRoot(options.providerFactories),
        MessagesModule.forRoot(settings),
        LogsModule,
        InboxModule.forRoot(settings),
        SmsModule,
        WhatsappModule,
        VoiceModule,
        PushModule,
        TemplatesModule.forRoot(settings),
        EmailModule.forRoot(settings),
        SuppressionsModule.forRoot(settings),
        HealthModule,
        WebhooksModule,
        WebhookModule,
        BroadcastModule.forRoot(settings),
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useValue: createValidationPipe() },
        DevelopmentAccess,
      ],
    };
  }
}
