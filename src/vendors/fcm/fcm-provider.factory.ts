import { Clock } from '../../common/clock/clock';
import type { Provider, ProviderConfig, ProviderFactory } from '../../contract/provider';
import { OptionReader } from '../../contract/option-reader';
import { FcmClient } from './fcm.client';
import { parseServiceAccount } from './fcm-service-account';
import { FcmProvider } from './fcm.provider';

export const FCM_API_BASE_URL = 'https://fcm.googleapis.com';

/**
 * Type `fcm`: Firebase Cloud Messaging with a service-account key (the option `serviceAccount`,
 * by default FCM_SERVICE_ACCOUNT) and `apiBaseUrl` (by default FCM_API_BASE_URL, else Google's).
 */
export class FcmProviderFactory implements ProviderFactory {
  readonly type = 'fcm';

  create(config: ProviderConfig): Provider {
    if (config.channel !== 'push') {
      throw new Error(
        `provider ${config.id} (type fcm): channel ${config.channel} is not served by FCM (push is)`,
      );
    }
    const read: OptionReader = new OptionReader(config);
    const json = read.secret('serviceAccount');
    if (json === undefined)
      read.fail(
        'serviceAccount',
        'is required (or set FCM_SERVICE_ACCOUNT): the service-account key',
      );
    const parsed = parseServiceAccount(json);
    if (!parsed.ok) read.fail('serviceAccount', parsed.problem);
    const client = new FcmClient({
      account: parsed.account,
      apiBaseUrl: read.httpUrl('apiBaseUrl') ?? FCM_API_BASE_URL,
      timeoutMs: config.timeoutMs,
      clock: new Clock(),
    });
    return new FcmProvider(config.id, client);
  }
}
