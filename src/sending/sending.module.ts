import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { DispatchModule } from '../dispatch/dispatch.module';
import { ProvidersModule } from '../dispatch/providers/providers.module';
import { AppsModule } from '../identity/apps.module';
import { FirstAnswers } from './first-answers';
import { SendService } from './send.service';
import { SendingApps } from './sending-apps';

/**
 * What every channel's send route hands its validated request to: accept, then dispatch; and
 * the app a send is for (`SendingApps`, which the routes' `@SendingApp()` pipe uses).
 */
@Module({})
export class SendingModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: SendingModule,
    imports: [
      DispatchModule.forRoot(settings),
      ProvidersModule.forRoot(settings),
      AppsModule.forRoot(settings),
    ],
    providers: [SendService, FirstAnswers, SendingApps],
    exports: [SendService, SendingApps],
  }));
}
