import { Logger } from '@nestjs/common';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import type {
  Provider,
  ProviderConfig,
  ProviderContext,
  ProviderFactory,
} from '../../contract/provider';
import { newVapidKeys, type VapidKeys } from './vapid-keys';
import { webPushOptions } from './webpush-options';
import { WebPushClient } from './webpush.client';
import { WebPushProvider } from './webpush.provider';

/**
 * Type `webpush`: browser push with VAPID keys from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (or the
 * entry's own options). Without keys, which settings allow outside production only, one pair is
 * made for the process and its public key logged, so that a page can subscribe with it; such
 * subscriptions stop working at the next start, when a new pair is made.
 */
export class WebPushProviderFactory implements ProviderFactory {
  readonly type = 'webpush';
  private readonly logger = new Logger('WebPush');
  private generated?: VapidKeys;

  create(config: ProviderConfig, context: ProviderContext): Provider {
    if (config.channel !== 'push') {
      throw new Error(
        `provider ${config.id} (type webpush): channel ${config.channel} is not served by Web Push (push is)`,
      );
    }
    const { vapidKeys, ...options } = webPushOptions(config);
    const client = new WebPushClient({
      ...options,
      vapidKeys: vapidKeys ?? this.generatedKeys(config.id),
      timeoutMs: config.timeoutMs,
    });
    const policy = new OutboundUrlPolicy({
      outboundAllowPrivate: context.outboundAllowPrivate ?? false,
    });
    return new WebPushProvider(config.id, client, policy);
  }

  private generatedKeys(providerId: string): VapidKeys {
    this.generated ??= newVapidKeys();
    this.logger.warn(
      `provider ${providerId}: no VAPID keys configured, using a pair made for this run. ` +
        `Subscribe pages with the application server key ${this.generated.publicKey} ` +
        '(set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT to keep subscriptions across restarts)',
    );
    return this.generated;
  }
}
