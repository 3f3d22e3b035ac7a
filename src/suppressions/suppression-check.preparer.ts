import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Preparation, type SendPreparer, SendPreparers } from '../dispatch/send-preparers';
import type { OutboundMessage } from '../contract/provider';
import { emailRecipients } from '../contract/content/email-recipients';
import { readEmailContent } from '../contract/content/email.content';
import { SUPPRESSION_LIST, type Suppression, type SuppressionReason } from './suppression.model';
import { SuppressionsService } from './suppressions.service';

const WHY: Readonly<Record<SuppressionReason, string>> = {
  hard_bounce: 'bounced for good',
  complaint: 'its owner complained',
  manual: 'added by an admin',
  unsubscribed: 'unsubscribed',
};

/** Why a message was not sent, naming each suppressed address and how it got on the list. */
export function suppressionReason(entries: readonly Suppression[]): string {
  const listed = entries
    .map(({ address, reason, detail }) => `${address} (${WHY[reason]}: ${detail})`)
    .join(', ');
  return (
    `not sent to anyone: the app's suppression list holds ${listed}; ` +
    'remove the address from the list or leave it out of the message'
  );
}

/**
 * Refuses an email before its provider is called when any recipient, to, cc or bcc, is on the
 * app's suppression list, for every topic or for the one the email names. The whole message is refused rather than sent to the others: the
 * provider would send one message to every address in its headers, and dropping an address
 * would change what the other recipients see; the caller can send again without it.
 */
@Injectable()
export class SuppressionCheck implements SendPreparer, OnModuleInit {
  readonly channel = 'email';

  constructor(
    private readonly suppressions: SuppressionsService,
    private readonly preparers: SendPreparers,
  ) {}

  onModuleInit(): void {
    this.preparers.register(this);
  }

  async prepare(message: OutboundMessage): Promise<Preparation> {
    const recipients = emailRecipients(message);
    const { topic } = readEmailContent(message.content);
    const entries = await this.suppressions.suppressedAmong(message.appId, recipients, topic);
    if (entries.length === 0) return { kind: 'send', message };
    const inMessageOrder = [...entries].sort(
      (a, b) => recipients.indexOf(a.address) - recipients.indexOf(b.address),
    );
    return {
      kind: 'refuse',
      status: 'UNDELIVERABLE',
      category: 'INVALID_RECIPIENT',
      reason: suppressionReason(inMessageOrder),
      by: SUPPRESSION_LIST,
    };
  }
}
