import type { Registration } from '../../contract/registration';
import { SmtpProviderFactory } from './smtp-provider.factory';
import { smtpSettings } from './smtp-settings';

/** Any SMTP server: email. */
export const smtpVendor: Registration = {
  settings: smtpSettings,
  providerFactories: [new SmtpProviderFactory()],
};
