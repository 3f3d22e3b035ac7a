import type { KeysetOrder } from '../../common/database/keyset';
import type { OutboundAttachment } from '../../contract/provider';

/** When a message's files were saved and when they expire (with the message's retention). */
export interface AttachmentLifetime {
  readonly savedAt: Date;
  readonly expiresAt: Date;
}

/** A message's place in the order its files were saved: (savedAt, messageId). */
export interface SavedFiles {
  readonly messageId: string;
  readonly savedAt: Date;
}

export const SAVED_FIRST: KeysetOrder<SavedFiles> = {
  fields: ['savedAt', 'messageId'],
  direction: 1,
  valuesOf: (files) => [files.savedAt, files.messageId],
};

/**
 * The bytes of email attachments, kept apart from the message record, by message id, from
 * accept until the send is settled. Two adapters, MongoDB and memory, pass one contract suite
 * (test/stores/attachment-store.contract.ts).
 */
export abstract class AttachmentStore {
  /** Stores a message's files in order, replacing any stored before under its id. */
  abstract save(
    messageId: string,
    files: readonly OutboundAttachment[],
    lifetime: AttachmentLifetime,
  ): Promise<void>;

  /**
   * The message's files in the order saved; undefined when none are stored (never saved,
   * dropped, purged) or what is stored is incomplete.
   */
  abstract load(messageId: string): Promise<readonly OutboundAttachment[] | undefined>;

  /** Deletes a message's files; nothing happens when there are none. */
  abstract drop(messageId: string): Promise<void>;

  /** Deletes the files that expired at or before `now`. */
  abstract purgeExpired(now: Date): Promise<void>;

  /**
   * Messages whose files were saved at or before `before`, in (savedAt, messageId) order, at
   * most `limit`, starting after `after` when given.
   */
  abstract savedBefore(
    before: Date,
    limit: number,
    after?: SavedFiles,
  ): Promise<readonly SavedFiles[]>;
}
