import type { Registration } from '../../contract/registration';
import { SesProviderFactory } from './ses-provider.factory';
import { sesSettings } from './ses-settings';
import { SesModule } from './ses.module';

/** Amazon SES: email through its API, and its notifications through Amazon SNS. */
export const sesVendor: Registration = {
  settings: sesSettings,
  providerFactories: [new SesProviderFactory()],
  module: (settings) => SesModule.forRoot(settings),
};
