import { type DynamicModule, Module } from '@nestjs/common';
import { BroadcastModule } from '../../api/broadcasts/broadcast.module';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { CommunicationsController } from './communications.controller';
import { CommunicationsService } from './communications.service';

/** The multi-channel send API over broadcasts. */
@Module({})
export class CommunicationsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: CommunicationsModule,
    imports: [BroadcastModule.forRoot(settings)],
    controllers: [CommunicationsController],
    providers: [CommunicationsService],
  }));
}
