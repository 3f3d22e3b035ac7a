import type { Registration } from '../../contract/registration';
import { WebhookModule } from './webhook.module';

/** Signed HTTP POSTs to a URL each message names. */
export const webhookChannel: Registration = {
  module: (settings) => WebhookModule.forRoot(settings),
};
