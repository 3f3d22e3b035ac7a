import type { Registration } from '../../contract/registration';
import { FcmProviderFactory } from './fcm-provider.factory';
import { fcmSettings } from './fcm-settings';

/** Firebase Cloud Messaging: push to Android, iOS and web apps. */
export const fcmVendor: Registration = {
  settings: fcmSettings,
  providerFactories: [new FcmProviderFactory()],
};
