import type { Registration } from '../../contract/registration';
import { WebhookProviderFactory } from './webhook-provider.factory';

/** Plain HTTPS: signed POSTs to the URL each webhook message names. */
export const httpVendor: Registration = {
  providerFactories: [new WebhookProviderFactory()],
};
