import type { Registration } from '../../contract/registration';
import { smtpSettings } from './smtp-settings';

/** Any SMTP server: email. */
export const smtpVendor: Registration = {
  settings: smtpSettings,
};
