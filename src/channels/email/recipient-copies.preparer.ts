import { Injectable, type OnModuleInit } from '@nestjs/common';
import { emailRecipients } from '../../contract/content/email-recipients';
import { readEmailContent } from '../../contract/content/email.content';
import type { OutboundMessage } from '../../contract/provider';
import { type Preparation, type SendPreparer, SendPreparers } from '../../dispatch/send-preparers';
import { EngagementLinks } from '../../engagement/engagement-links';
import { namesRecipients, RecipientCopies } from './recipient-copies';

/**
 * Names an email's recipients for the send, so that it is recorded per recipient, and gives
 * each recipient its own copy when the email's links name them (tracking, unsubscribe). An
 * email that needs links the service can no longer make (PUBLIC_URL gone since it was
 * accepted) fails rather than going out without them.
 */
@Injectable()
export class RecipientCopiesPreparer implements SendPreparer, OnModuleInit {
  readonly channel = 'email' as const;

  constructor(
    private readonly copies: RecipientCopies,
    private readonly links: EngagementLinks,
    private readonly preparers: SendPreparers,
  ) {}

  onModuleInit(): void {
    this.preparers.register(this);
  }

  async prepare(message: OutboundMessage): Promise<Preparation> {
    const recipients = emailRecipients(message);
    if (!namesRecipients(readEmailContent(message.content))) {
      return { kind: 'send', message: { ...message, recipients } };
    }
    const unavailable = this.links.unavailable;
    if (unavailable !== undefined) {
      return {
        kind: 'refuse',
        status: 'FAILED',
        category: 'CONFIGURATION_ERROR',
        reason: `not sent: ${unavailable}`,
        by: 'engagement-links',
      };
    }
    return {
      kind: 'send',
      message: { ...message, recipients, copies: await this.copies.of(message) },
    };
  }
}
