import type { Provider, ProviderConfig, ProviderFactory } from '../../contract/provider';
import { sesOptions } from './ses-options';
import { SesProvider } from './ses.provider';
import { SesClient } from './ses.client';

/** Type `ses`: email through Amazon SES (API v2), one entry per region or account. */
export class SesProviderFactory implements ProviderFactory {
  readonly type = 'ses';

  create(config: ProviderConfig): Provider {
    if (config.channel !== 'email') {
      throw new Error(
        `provider ${config.id} (type ses): channel ${config.channel} is not served by SES (email is)`,
      );
    }
    const { region, endpoint, credentials, ...sending } = sesOptions(config);
    const client = new SesClient({ region, endpoint, credentials, timeoutMs: config.timeoutMs });
    return new SesProvider(config.id, client, sending);
  }
}
