import { Injectable } from '@nestjs/common';
import { NotFound } from '../../common/errors/api-error';
import { emailRecipients, normalAddress } from '../../contract/content/email-recipients';
import { type EmailContentRead, readEmailContent } from '../../contract/content/email.content';
import { EngagementLinks } from '../../engagement/engagement-links';
import type { Principal } from '../../identity/principal';
import { MessageLog } from '../../message-log/message-log';
import type { Message } from '../../message-log/message.model';
import { namesRecipients, RecipientCopies } from './recipient-copies';

/** One recipient's copy of an email, as its provider is given it. */
export interface EmailCopy {
  readonly messageId: string;
  readonly recipient: string;
  readonly content: EmailContentRead;
}

/**
 * The email as one of its recipients receives it: with that recipient's tracking links and
 * unsubscribe headers, made the way the send makes them. For checking what went out, and for
 * trying the links where no mail leaves (the sandbox provider).
 */
@Injectable()
export class EmailCopyService {
  constructor(
    private readonly store: MessageLog,
    private readonly copies: RecipientCopies,
    private readonly links: EngagementLinks,
  ) {}

  /** A key reads its own app's emails (another app's is 404, like a missing one); tokens any. */
  async copy(principal: Principal, id: string, recipient: string): Promise<EmailCopy> {
    const message = await this.find(principal, id);
    const address = normalAddress(recipient);
    const index = emailRecipients(message).indexOf(address);
    if (index < 0) throw new NotFound(`${address} is not a recipient of ${id}.`);
    const content = readEmailContent(message.content);
    if (!namesRecipients(content) || this.links.unavailable !== undefined) {
      return { messageId: id, recipient: address, content };
    }
    const own = await this.copies.at(message, index);
    return {
      messageId: id,
      recipient: address,
      content: readEmailContent({ ...message.content, ...own }),
    };
  }

  private async find(principal: Principal, id: string): Promise<Message> {
    const message =
      principal.kind === 'apiKey'
        ? await this.store.get({ appId: principal.appId }, id)
        : await this.store.getAcrossApps(id);
    if (message?.channel !== 'email') throw new NotFound(`No email ${id}.`);
    return message;
  }
}
