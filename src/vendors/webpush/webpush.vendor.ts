import type { Registration } from '../../contract/registration';
import { WebPushProviderFactory } from './webpush-provider.factory';
import { webPushSettings } from './webpush-settings';

/** Web Push (RFC 8030) with VAPID: push to browsers. */
export const webPushVendor: Registration = {
  settings: webPushSettings,
  providerFactories: [new WebPushProviderFactory()],
};
