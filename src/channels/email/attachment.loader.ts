import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Message } from '../../message-log/message.model';
import {
  type Preparation,
  type SendPreparer,
  SendPreparers,
  type SendRefusal,
} from '../../dispatch/send-preparers';
import type { OutboundAttachment, OutboundMessage } from '../../contract/provider';
import { sha256Hex } from './attachment-content';
import { AttachmentStore } from './attachment.store';
import { type EmailAttachmentRecord, readEmailContent } from '../../contract/content/email.content';

const MISSING =
  'the attachment bytes are no longer stored (they are kept until the send settles or the retention ends); send the message again';

/** The first record whose stored bytes differ from what was accepted. */
const alteredRecord = (
  records: readonly EmailAttachmentRecord[],
  files: readonly OutboundAttachment[],
): EmailAttachmentRecord | undefined =>
  records.find(
    (record, index) => sha256Hex(files[index]?.content ?? Buffer.alloc(0)) !== record.sha256,
  );

const refusal = (reason: string): SendRefusal => ({
  kind: 'refuse',
  status: 'FAILED',
  category: 'CONFIGURATION_ERROR',
  reason,
  by: 'attachment-store',
});

/**
 * Gives an email's provider the attachment bytes the message record leaves out, and drops
 * them once no further attempt follows. Missing or altered bytes end the send as FAILED with
 * CONFIGURATION_ERROR: a retry cannot bring them back, the recipient is not at fault
 * (UNDELIVERABLE would say so), and a provider must not send the mail without its files; what
 * lost them is the deployment's storage.
 */
@Injectable()
export class AttachmentLoader implements SendPreparer, OnModuleInit {
  readonly channel = 'email' as const;

  constructor(
    private readonly store: AttachmentStore,
    private readonly preparers: SendPreparers,
  ) {}

  onModuleInit(): void {
    this.preparers.register(this);
  }

  async prepare(message: OutboundMessage): Promise<Preparation> {
    const records = readEmailContent(message.content).attachments;
    if (records.length === 0) return { kind: 'send', message };
    const files = await this.store.load(message.id);
    if (!files || files.length !== records.length) return refusal(MISSING);
    const altered = alteredRecord(records, files);
    if (altered) {
      return refusal(
        `the stored bytes of ${altered.filename} do not match its recorded SHA-256; send the message again`,
      );
    }
    return { kind: 'send', message: { ...message, attachments: files } };
  }

  async sendSettled(message: Message): Promise<void> {
    if (readEmailContent(message.content).attachments.length > 0) await this.store.drop(message.id);
  }
}
