import type { Registration } from '../../contract/registration';
import { sesSettings } from './ses-settings';

/** Amazon SES: email through its API, with its notifications through Amazon SNS. */
export const sesVendor: Registration = {
  settings: sesSettings,
};
