import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { DispatchModule } from '../dispatch/dispatch.module';
import { CallbackPatience } from './callback-patience';
import { ReportIntake } from './report-intake';

/** Where every vendor's report route hands over what its provider reported. */
@Module({})
export class ProviderReportsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: ProviderReportsModule,
    imports: [DispatchModule.forRoot(settings)],
    providers: [ReportIntake, CallbackPatience],
    exports: [ReportIntake],
  }));
}
