import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { DispatchModule } from '../dispatch/dispatch.module';
import { AppsModule } from '../identity/apps.module';
import { MemorySuppressionStore } from './memory-suppression.store';
import { MongoSuppressionStore } from './mongo-suppression.store';
import { SuppressionCheck } from './suppression-check.preparer';
import { SUPPRESSION_MODEL, SuppressionSchema } from './suppression.schema';
import { SuppressionStore } from './suppression.store';
import { SuppressionsController } from './suppressions.controller';
import { SuppressionsService } from './suppressions.service';

/**
 * Each app's email suppression list: the store (MongoDB or memory, chosen here from the
 * settings), the admin routes, and the check that refuses emails to listed addresses (a send
 * preparer of the pipeline). Exports the service the reports of bounces and complaints add to.
 */
@Module({})
export class SuppressionsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: SuppressionsModule,
      imports: [
        ...(mongo
          ? [MongooseModule.forFeature([{ name: SUPPRESSION_MODEL, schema: SuppressionSchema }])]
          : []),
        AppsModule.forRoot(settings),
        DispatchModule.forRoot(settings),
      ],
      controllers: [SuppressionsController],
      providers: [
        {
          provide: SuppressionStore,
          useClass: mongo ? MongoSuppressionStore : MemorySuppressionStore,
        },
        SuppressionsService,
        SuppressionCheck,
      ],
      exports: [SuppressionsService],
    };
  });
}
