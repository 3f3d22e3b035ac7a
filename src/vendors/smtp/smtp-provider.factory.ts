import type { Provider, ProviderConfig, ProviderFactory } from '../../contract/provider';
import { smtpOptions } from './smtp-options';
import { SmtpProvider } from './smtp.provider';
import { SmtpClient } from './smtp.client';

/** Type `smtp`: email through any SMTP server, one entry per server (or account). */
export class SmtpProviderFactory implements ProviderFactory {
  readonly type = 'smtp';

  create(config: ProviderConfig): Provider {
    if (config.channel !== 'email') {
      throw new Error(
        `provider ${config.id} (type smtp): channel ${config.channel} is not served by SMTP (email is)`,
      );
    }
    const { from, ...connection } = smtpOptions(config);
    const client = new SmtpClient({ ...connection, timeoutMs: config.timeoutMs });
    return new SmtpProvider(config.id, client, from);
  }
}
