import {
  type OutboundMessage,
  type Provider,
  type RecipientRefusal,
  type SendSuccess,
  sendersOf,
} from '../../contract/provider';
import { normalAddress } from '../../contract/content/email-recipients';
import { sendEachCopy } from '../../contract/content/email-copies';
import { smtpFailureMeaning, smtpProviderError } from './smtp-errors';
import { TAGS_HEADER, tagsHeaderValue } from '../../contract/content/email-mime';
import {
  emailOfCopy,
  type OutgoingCopy,
  type OutgoingEmail,
  outgoingEmail,
} from '../../contract/content/outgoing-email';
import type { SmtpClient, SmtpRejection } from './smtp.client';

/** Tags travel over SMTP as one `X-` header (SES takes them as message tags instead). */
function withTagsHeader(email: OutgoingEmail): OutgoingEmail {
  if (email.tags.length === 0) return email;
  return { ...email, headers: { ...email.headers, [TAGS_HEADER]: tagsHeaderValue(email.tags) } };
}

/** The recipients the server refused, as events name them, each with its reason. */
const refusalsOf = (rejected: readonly SmtpRejection[]): RecipientRefusal[] =>
  rejected.map(({ recipient, failure }) => {
    const { category, message } = smtpFailureMeaning(failure);
    return { recipient: normalAddress(recipient), category, reason: message };
  });

/**
 * Email through an SMTP server, the content read with `outgoingEmail`. Sent means the server
 * took the message for delivery; a server that refuses only some recipients still delivers to
 * the others, and those it refused are reported. A message with a copy per recipient goes as one
 * SMTP transaction per copy.
 */
export class SmtpProvider implements Provider {
  readonly type = 'smtp';
  readonly channel = 'email';

  constructor(
    readonly id: string,
    private readonly client: SmtpClient,
    private readonly defaultFrom: string | undefined,
  ) {}

  get senders(): Readonly<Record<string, string>> {
    return sendersOf({ from: this.defaultFrom });
  }

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const email = outgoingEmail(message, this.id, this.defaultFrom);
    if (email.copies) return this.sendCopies(email, email.copies);
    const result = await this.client.send(withTagsHeader(email));
    if (!result.ok) throw smtpProviderError(result.failure);
    const refused = refusalsOf(result.rejected);
    return {
      providerMessageId: result.messageId,
      status: 'SENT',
      ...(refused.length > 0 ? { refused } : {}),
    };
  }

  /** One SMTP transaction per copy, over the pool at once (see `sendEachCopy`). */
  private sendCopies(email: OutgoingEmail, copies: readonly OutgoingCopy[]): Promise<SendSuccess> {
    return sendEachCopy(
      copies,
      (copy) => this.client.send(withTagsHeader(emailOfCopy(email, copy)), copy.recipient),
      smtpFailureMeaning,
    );
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
