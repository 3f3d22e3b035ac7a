import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { DispatchModule } from '../dispatch/dispatch.module';
import { ProvidersModule } from '../dispatch/providers/providers.module';
import { SendService } from './send.service';

/** What every channel's send route hands its validated request to: accept, then dispatch. */
@Module({})
export class SendingModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: SendingModule,
    imports: [DispatchModule.forRoot(settings), ProvidersModule.forRoot(settings)],
    providers: [SendService],
    exports: [SendService],
  }));
}
