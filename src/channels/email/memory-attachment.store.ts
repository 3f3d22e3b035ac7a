import { Injectable } from '@nestjs/common';
import type { OutboundAttachment } from '../../contract/provider';
import { pageOf } from '../../common/database/keyset';
import {
  type AttachmentLifetime,
  AttachmentStore,
  SAVED_FIRST,
  type SavedFiles,
} from './attachment.store';

interface Entry extends AttachmentLifetime {
  readonly files: readonly OutboundAttachment[];
}

/** Copies, so that neither the caller nor a provider can change what is stored. */
const copy = (files: readonly OutboundAttachment[]): OutboundAttachment[] =>
  files.map((file) => ({ ...file, content: Buffer.from(file.content) }));

/** The embedded default: one process's attachments, gone when it stops (with its messages). */
@Injectable()
export class MemoryAttachmentStore extends AttachmentStore {
  private readonly entries = new Map<string, Entry>();

  save(
    messageId: string,
    files: readonly OutboundAttachment[],
    lifetime: AttachmentLifetime,
  ): Promise<void> {
    if (files.length === 0) this.entries.delete(messageId);
    else this.entries.set(messageId, { ...lifetime, files: copy(files) });
    return Promise.resolve();
  }

  load(messageId: string): Promise<readonly OutboundAttachment[] | undefined> {
    const entry = this.entries.get(messageId);
    return Promise.resolve(entry ? copy(entry.files) : undefined);
  }

  drop(messageId: string): Promise<void> {
    this.entries.delete(messageId);
    return Promise.resolve();
  }

  purgeExpired(now: Date): Promise<void> {
    for (const [messageId, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(messageId);
    }
    return Promise.resolve();
  }

  savedBefore(before: Date, limit: number, after?: SavedFiles): Promise<readonly SavedFiles[]> {
    const saved = [...this.entries]
      .map(([messageId, entry]) => ({ messageId, savedAt: entry.savedAt }))
      .filter((files) => files.savedAt <= before);
    return Promise.resolve(pageOf(saved, SAVED_FIRST, { limit, after }, (files) => files).items);
  }
}
