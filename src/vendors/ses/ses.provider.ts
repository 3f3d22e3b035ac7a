import {
  type OutboundMessage,
  type Provider,
  type SendSuccess,
  sendersOf,
} from '../../contract/provider';
import { sendEachCopy } from '../../contract/content/email-copies';
import {
  type OutgoingCopy,
  type OutgoingEmail,
  outgoingEmail,
} from '../../contract/content/outgoing-email';
import { sesCopyRequest, sesEmailRequest } from './ses-email';
import { sesFailureMeaning, sesProviderError } from './ses-errors';
import type { SesOptions } from './ses-options';
import type { SesClient } from './ses.client';

/**
 * Email through Amazon SES's v2 API, the content read with `outgoingEmail`. The message id is
 * SES's MessageId, which SES notifications name as `mail.messageId`; a message with a copy per
 * recipient is one SES message per copy, each with its own id.
 */
export class SesProvider implements Provider {
  readonly type = 'ses';
  readonly channel = 'email';

  constructor(
    readonly id: string,
    private readonly client: SesClient,
    private readonly options: Pick<SesOptions, 'from' | 'configurationSetName'>,
  ) {}

  get senders(): Readonly<Record<string, string>> {
    return sendersOf({ from: this.options.from });
  }

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const email = outgoingEmail(message, this.id, this.options.from);
    if (email.copies) return this.sendCopies(email, email.copies);
    const result = await this.client.send(
      await sesEmailRequest(email, this.options.configurationSetName),
    );
    if (!result.ok) throw sesProviderError(result.failure);
    return { providerMessageId: result.messageId, status: 'SENT' };
  }

  /** One SES message per copy, all at once (see `sendEachCopy`). */
  private sendCopies(email: OutgoingEmail, copies: readonly OutgoingCopy[]): Promise<SendSuccess> {
    return sendEachCopy(
      copies,
      async (copy) =>
        this.client.send(await sesCopyRequest(email, copy, this.options.configurationSetName)),
      sesFailureMeaning,
    );
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
