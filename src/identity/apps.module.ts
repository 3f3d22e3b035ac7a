import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { ApiKeyService } from './api-key.service';
import { AppPolicyController } from './app-policy.controller';
import { API_KEY_MODEL, ApiKeySchema, APP_MODEL, AppSchema } from './app.schema';
import { AppStore } from './app.store';
import { AppsController } from './apps.controller';
import { AppsService } from './apps.service';
import { DefaultApp } from './default-app';
import { KeyUsageRecorder } from './key-usage.recorder';
import { MemoryAppStore } from './memory-app.store';
import { MongoAppStore } from './mongo-app.store';
import { SenderPolicy } from './sender-policy';

/** Apps (the tenants) and their API keys: the admin routes, and the services that read them. */
@Module({})
export class AppsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: AppsModule,
      imports: mongo
        ? [
            MongooseModule.forFeature([
              { name: APP_MODEL, schema: AppSchema },
              { name: API_KEY_MODEL, schema: ApiKeySchema },
            ]),
          ]
        : [],
      controllers: [AppsController, AppPolicyController],
      providers: [
        { provide: AppStore, useClass: mongo ? MongoAppStore : MemoryAppStore },
        AppsService,
        ApiKeyService,
        KeyUsageRecorder,
        DefaultApp,
        SenderPolicy,
      ],
      exports: [AppsService, ApiKeyService, DefaultApp, SenderPolicy],
    };
  });
}
