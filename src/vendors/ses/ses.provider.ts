import type { OutboundMessage, Provider, SendSuccess } from '../../contract/provider';
import { outgoingEmail } from '../../contract/content/outgoing-email';
import { sesEmailRequest } from './ses-email';
import { sesProviderError } from './ses-errors';
import type { SesOptions } from './ses-options';
import type { SesClient } from './ses.client';

/**
 * Email through Amazon SES's v2 API, the content read with `outgoingEmail`. The message id is
 * SES's MessageId, which SES notifications name as `mail.messageId`.
 */
export class SesProvider implements Provider {
  readonly type = 'ses';
  readonly channel = 'email';

  constructor(
    readonly id: string,
    private readonly client: SesClient,
    private readonly options: Pick<SesOptions, 'from' | 'configurationSetName'>,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const email = outgoingEmail(message, this.id, this.options.from);
    const result = await this.client.send(
      await sesEmailRequest(email, this.options.configurationSetName),
    );
    if (!result.ok) throw sesProviderError(result.failure);
    return { providerMessageId: result.messageId, status: 'SENT' };
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
