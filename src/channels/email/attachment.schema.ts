import { Schema } from 'mongoose';
import type { IndexDefinition } from '../../common/database/ensure-indexes';

/**
 * One piece of one attachment of one message; only `MongoAttachmentStore` sees these. `_id` is
 * `messageId:file:chunk`. Each piece names how many files the message has and how many pieces
 * its file has, so that a partly written or partly deleted set is recognised as incomplete.
 */
export interface AttachmentChunkDocument {
  readonly _id: string;
  readonly messageId: string;
  readonly file: number;
  readonly files: number;
  readonly chunk: number;
  readonly chunks: number;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly savedAt: Date;
  readonly expiresAt: Date;
}

export const ATTACHMENT_CHUNK_MODEL = 'AttachmentChunk';

/** Created at start-up; FerretDB 1.24 refuses the TTL index, and the periodic purge covers it. */
export const ATTACHMENT_CHUNK_INDEXES: readonly IndexDefinition[] = [
  { key: { messageId: 1, file: 1, chunk: 1 }, options: { name: 'message_chunks' } },
  { key: { savedAt: 1 }, options: { name: 'saved_at' } },
  { key: { expiresAt: 1 }, options: { name: 'attachment_ttl', expireAfterSeconds: 0 } },
];

export const AttachmentChunkSchema = new Schema<AttachmentChunkDocument>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    file: { type: Number, required: true },
    files: { type: Number, required: true },
    chunk: { type: Number, required: true },
    chunks: { type: Number, required: true },
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    data: { type: Buffer },
    savedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'email_attachments', versionKey: false, autoIndex: false },
);
