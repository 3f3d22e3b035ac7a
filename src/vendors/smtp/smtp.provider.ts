import type { OutboundMessage, Provider, SendSuccess } from '../../contract/provider';
import { smtpProviderError } from './smtp-errors';
import { TAGS_HEADER, tagsHeaderValue } from '../../contract/content/email-mime';
import { type OutgoingEmail, outgoingEmail } from '../../contract/content/outgoing-email';
import type { SmtpClient } from './smtp.client';

/** Tags travel over SMTP as one `X-` header (SES takes them as message tags instead). */
function withTagsHeader(email: OutgoingEmail): OutgoingEmail {
  if (email.tags.length === 0) return email;
  return { ...email, headers: { ...email.headers, [TAGS_HEADER]: tagsHeaderValue(email.tags) } };
}

/**
 * Email through an SMTP server, the content read with `outgoingEmail`. Sent means the server
 * took the message for delivery; a server that refuses only some recipients still delivers to
 * the others.
 */
export class SmtpProvider implements Provider {
  readonly type = 'smtp';
  readonly channel = 'email';

  constructor(
    readonly id: string,
    private readonly client: SmtpClient,
    private readonly defaultFrom: string | undefined,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const email = withTagsHeader(outgoingEmail(message, this.id, this.defaultFrom));
    const result = await this.client.send(email);
    if (!result.ok) throw smtpProviderError(result.failure);
    return { providerMessageId: result.messageId, status: 'SENT' };
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
