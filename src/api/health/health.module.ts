import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { ProvidersModule } from '../../dispatch/providers/providers.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { OperationsController } from './operations.controller';
import { RouteCatalog } from './route-catalog';
import { StatusService } from './status.service';
import { VersionService } from './version.service';

/**
 * Health, status, version and metrics routes: they probe the database and the pipeline's queue,
 * and report the provider registry's channels and circuits.
 */
@Module({})
export class HealthModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: HealthModule,
    imports: [
      TerminusModule.forRoot({ logger: false }),
      DispatchModule.forRoot(settings),
      ProvidersModule.forRoot(settings),
    ],
    controllers: [HealthController, OperationsController],
    providers: [HealthService, StatusService, VersionService, RouteCatalog],
  }));
}
