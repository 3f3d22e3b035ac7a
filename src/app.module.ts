import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppsModule } from './apps/apps.module';
import { AuthModule } from './auth/auth.module';
import { BroadcastModule } from './broadcast/broadcast.module';
import { CommonModule } from './common/common.module';
import type { Settings } from './common/config/settings';
import { SettingsModule } from './common/config/settings.module';
import { DatabaseModule } from './common/database/database.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { loggingParams } from './common/logging/logging';
import { rateLimitModules } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { DevelopmentAccess } from './development-access';
import { EmailModule } from './email/email.module';
import { HealthModule } from './health/health.module';
import { InboxModule } from './inbox/inbox.module';
import { LogsModule } from './logs/logs.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import { MessagesModule } from './messages/messages.module';
import type { ProviderFactory } from './providers/provider';
import { ProvidersModule } from './providers/providers.module';
import { PushModule } from './push/push.module';
import { SmsModule } from './sms/sms.module';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { TemplatesModule } from './templates/templates.module';
import { VoiceModule } from './voice/voice.module';
import { WebhookModule } from './webhook/webhook.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WhatsappModule } from './whatsapp/whatsapp.module';

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
        ...rateLimitModules(settings),
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
