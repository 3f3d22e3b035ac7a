import type { Registration } from '../../contract/registration';
import { WebhookProviderFactory } from './webhook-provider.factory';

/**
 * Plain HTTPS: signed POSTs to the URL each webhook message names. A webhook needs no outside
 * account, so the embedded default posts for real (subject to the outbound-address rule)
 * instead of a sandbox.
 */
export const httpVendor: Registration = {
  providerFactories: [new WebhookProviderFactory()],
  embeddedProvider: (channel) =>
    channel === 'webhook' ? { id: 'webhook', type: 'webhook' } : undefined,
};
