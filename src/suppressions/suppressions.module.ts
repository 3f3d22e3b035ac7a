import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Settings } from '../common/config/settings';
import { MemorySuppressionStore } from './memory-suppression.store';
import { MongoSuppressionStore } from './mongo-suppression.store';
import { SuppressionCheck } from './suppression-check.preparer';
import { SUPPRESSION_MODEL, SuppressionSchema } from './suppression.schema';
import { SuppressionStore } from './suppression.store';
import { SuppressionsController } from './suppressions.controller';
import { SuppressionsService } from './suppressions.service';

/**
 * Each app's email suppression list: the store (MongoDB or memory, chosen here from the
 * settings), the admin routes, and the check that refuses emails to listed addresses. Global,
 * so that the webhooks that learn of bounces and complaints can add to it.
 */
@Module({})
export class SuppressionsModule {
  static forRoot(settings: Settings): DynamicModule {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: SuppressionsModule,
      global: true,
      imports: mongo
        ? [MongooseModule.forFeature([{ name: SUPPRESSION_MODEL, schema: SuppressionSchema }])]
        : [],
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
  }
}
