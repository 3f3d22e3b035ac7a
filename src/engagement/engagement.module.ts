import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { DispatchModule } from '../dispatch/dispatch.module';
import { AppsModule } from '../identity/apps.module';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { AppEngagementController } from './app-engagement.controller';
import { EngagementDefaultsStore } from './engagement-defaults';
import { EngagementDefaultsService } from './engagement-defaults.service';
import { EngagementLinks } from './engagement-links';
import { EngagementService } from './engagement.service';
import { EngagementSummaryService } from './engagement-summary.service';
import { MemoryEngagementDefaultsStore } from './memory-engagement-defaults.store';
import {
  ENGAGEMENT_DEFAULTS_MODEL,
  EngagementDefaultsSchema,
  MongoEngagementDefaultsStore,
} from './mongo-engagement-defaults.store';
import { TrackingController } from './tracking.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/**
 * Email engagement: the signed tracking and unsubscribe links and their routes, what they
 * record, each app's defaults (MongoDB or memory) and its summary. Exports the links (the email
 * channel writes them into its sends), the recording (providers' own open and click reports)
 * and the defaults.
 */
@Module({})
export class EngagementModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: EngagementModule,
      imports: [
        ...(mongo
          ? [
              MongooseModule.forFeature([
                { name: ENGAGEMENT_DEFAULTS_MODEL, schema: EngagementDefaultsSchema },
              ]),
            ]
          : []),
        AppsModule.forRoot(settings),
        DispatchModule.forRoot(settings),
        SuppressionsModule.forRoot(settings),
      ],
      controllers: [TrackingController, UnsubscribeController, AppEngagementController],
      providers: [
        {
          provide: EngagementDefaultsStore,
          useClass: mongo ? MongoEngagementDefaultsStore : MemoryEngagementDefaultsStore,
        },
        EngagementLinks,
        EngagementService,
        EngagementDefaultsService,
        EngagementSummaryService,
      ],
      exports: [EngagementLinks, EngagementService, EngagementDefaultsService],
    };
  });
}
