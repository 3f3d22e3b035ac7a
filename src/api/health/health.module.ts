import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { OperationsController } from './operations.controller';
import { RouteCatalog } from './route-catalog';
import { StatusService } from './status.service';
import { VersionService } from './version.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, OperationsController],
  providers: [HealthService, StatusService, VersionService, RouteCatalog],
  exports: [RouteCatalog],
})
export class HealthModule {}
