import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, mongo } from 'mongoose';
import { ensureIndexes } from '../../common/database/ensure-indexes';
import { findPage } from '../../common/database/mongo-keyset';
import { withMongo } from '../../common/database/mongo-errors';
import type { OutboundAttachment } from '../../contract/provider';
import {
  ATTACHMENT_CHUNK_INDEXES,
  ATTACHMENT_CHUNK_MODEL,
  type AttachmentChunkDocument,
} from './attachment.schema';
import {
  type AttachmentLifetime,
  AttachmentStore,
  SAVED_FIRST,
  type SavedFiles,
} from './attachment.store';

/** Bytes per stored piece: well under the 16 MB document limit of MongoDB and FerretDB. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** What a lean read gives for a Buffer field: a BSON Binary (or nothing for empty bytes). */
const bytesOf = (data: unknown): Buffer => {
  if (data instanceof mongo.Binary) return Buffer.from(data.value());
  return Buffer.isBuffer(data) ? data : Buffer.alloc(0);
};

/** A file cut into pieces of at most `CHUNK_BYTES`; an empty file is one empty piece. */
function piecesOf(content: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  for (let start = 0; start < content.length; start += CHUNK_BYTES) {
    pieces.push(content.subarray(start, start + CHUNK_BYTES));
  }
  return pieces.length > 0 ? pieces : [Buffer.alloc(0)];
}

function documentsOf(
  messageId: string,
  files: readonly OutboundAttachment[],
  lifetime: AttachmentLifetime,
): AttachmentChunkDocument[] {
  return files.flatMap((file, index) => {
    const pieces = piecesOf(file.content);
    return pieces.map((data, chunk) => ({
      _id: `${messageId}:${index}:${chunk}`,
      messageId,
      file: index,
      files: files.length,
      chunk,
      chunks: pieces.length,
      filename: file.filename,
      contentType: file.contentType,
      data,
      ...lifetime,
    }));
  });
}

/** The files of sorted pieces, or undefined when a file or a piece is missing. */
function filesOf(docs: readonly AttachmentChunkDocument[]): OutboundAttachment[] | undefined {
  const count = docs[0]?.files ?? 0;
  const files: OutboundAttachment[] = [];
  let next = 0;
  for (let file = 0; file < count; file += 1) {
    const first = docs.at(next);
    if (first?.file !== file) return undefined;
    const pieces = docs.slice(next, next + first.chunks);
    if (pieces.some((piece, chunk) => piece.file !== file || piece.chunk !== chunk))
      return undefined;
    if (pieces.length !== first.chunks) return undefined;
    files.push({
      filename: first.filename,
      contentType: first.contentType,
      content: Buffer.concat(pieces.map((piece) => bytesOf(piece.data))),
    });
    next += first.chunks;
  }
  return files.length > 0 && next === docs.length ? files : undefined;
}

/**
 * Attachments in MongoDB, in pieces of one collection keyed by message id. Written once, read
 * once per attempt and dropped by message id: plain inserts and one `deleteMany` do that
 * without GridFS's two collections and per-file deletes.
 */
@Injectable()
export class MongoAttachmentStore extends AttachmentStore implements OnModuleInit {
  private readonly logger = new Logger(MongoAttachmentStore.name);

  constructor(
    @InjectModel(ATTACHMENT_CHUNK_MODEL) private readonly chunks: Model<AttachmentChunkDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.chunks, ATTACHMENT_CHUNK_INDEXES, this.logger);
  }

  async save(
    messageId: string,
    files: readonly OutboundAttachment[],
    lifetime: AttachmentLifetime,
  ): Promise<void> {
    await this.drop(messageId);
    if (files.length === 0) return;
    const docs = documentsOf(messageId, files, lifetime);
    await withMongo(() => this.chunks.insertMany(docs, { ordered: true }));
  }

  async load(messageId: string): Promise<readonly OutboundAttachment[] | undefined> {
    const docs = await withMongo(() =>
      this.chunks
        .find({ messageId: { $eq: messageId } })
        .sort({ file: 1, chunk: 1 })
        .lean<AttachmentChunkDocument[]>()
        .exec(),
    );
    return filesOf(docs);
  }

  async drop(messageId: string): Promise<void> {
    await withMongo(() => this.chunks.deleteMany({ messageId: { $eq: messageId } }).exec());
  }

  async purgeExpired(now: Date): Promise<void> {
    await withMongo(() => this.chunks.deleteMany({ expiresAt: { $lte: now } }).exec());
  }

  /** Each message's first piece stands for its files. */
  async savedBefore(
    before: Date,
    limit: number,
    after?: SavedFiles,
  ): Promise<readonly SavedFiles[]> {
    const page = await findPage(
      this.chunks,
      {
        filter: { savedAt: { $lte: before }, file: 0, chunk: 0 },
        order: SAVED_FIRST,
        page: { limit, after },
        projection: { messageId: 1, savedAt: 1 },
      },
      ({ messageId, savedAt }) => ({ messageId, savedAt }),
      (files) => files,
    );
    return page.items;
  }
}
