import { Module } from '@nestjs/common';
import { CallbackPatience } from './callback-patience';
import { ReportIntake } from './report-intake';

/** Where every vendor's report route hands over what its provider reported. */
@Module({
  providers: [ReportIntake, CallbackPatience],
  exports: [ReportIntake],
})
export class ProviderReportsModule {}
