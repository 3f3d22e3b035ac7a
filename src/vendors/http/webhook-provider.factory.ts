import { Clock } from '../../common/clock/clock';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import type {
  Provider,
  ProviderConfig,
  ProviderContext,
  ProviderFactory,
} from '../../contract/provider';
import { WebhookClient } from './webhook.client';
import { WebhookProvider } from './webhook.provider';

/**
 * Type `webhook`: posts webhook-channel messages to the URL each send names. It takes no
 * options of its own; `timeoutMs` bounds each post.
 */
export class WebhookProviderFactory implements ProviderFactory {
  readonly type = 'webhook';

  create(config: ProviderConfig, context: ProviderContext): Provider {
    const where = `provider ${config.id} (type webhook)`;
    if (config.channel !== 'webhook') {
      throw new Error(`${where}: channel ${config.channel} is not served by it (webhook is)`);
    }
    const unknown = Object.keys(config.options).at(0);
    if (unknown !== undefined) throw new Error(`${where}: option ${unknown} is not known`);
    const policy = new OutboundUrlPolicy({
      outboundAllowPrivate: context.outboundAllowPrivate ?? false,
    });
    return new WebhookProvider(config.id, new WebhookClient(policy, config.timeoutMs), new Clock());
  }
}
