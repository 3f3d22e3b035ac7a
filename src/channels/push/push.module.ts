import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { SendingModule } from '../../sending/sending.module';
import { ProvidersModule } from '../../dispatch/providers/providers.module';
import { PushController } from './push.controller';
import { PushService } from './push.service';

/**
 * The push channel's send route, through the pipeline; the provider registry names the provider
 * for each kind of target. The service is what broadcasts call too.
 */
@Module({})
export class PushModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: PushModule,
    imports: [SendingModule.forRoot(settings), ProvidersModule.forRoot(settings)],
    controllers: [PushController],
    providers: [PushService],
    exports: [PushService],
  }));
}
