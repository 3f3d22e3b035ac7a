import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { insertUnlessTaken, withMongo } from '../common/database/mongo-errors';
import {
  IDEMPOTENCY_KEY_INDEXES,
  IDEMPOTENCY_KEY_MODEL,
  type IdempotencyKeyDocument,
} from './idempotency-key.schema';
import {
  type KeyAnswer,
  IdempotencyKeys,
  type KeyEntry,
  keyIdOf,
  type KeyName,
} from './idempotency-keys';

/** What a key's document holds besides its `_id`. */
const fieldsOf = ({ recordId, requestHash, expiresAt }: KeyEntry) => ({
  recordId,
  requestHash,
  expiresAt,
});

/** Idempotency keys in MongoDB: a key is taken by inserting its document, which one request can. */
@Injectable()
export class MongoIdempotencyKeys extends IdempotencyKeys implements OnModuleInit {
  private readonly logger = new Logger(MongoIdempotencyKeys.name);

  constructor(
    @InjectModel(IDEMPOTENCY_KEY_MODEL) private readonly keys: Model<IdempotencyKeyDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.keys, IDEMPOTENCY_KEY_INDEXES, this.logger);
  }

  create(entry: KeyEntry): Promise<boolean> {
    return insertUnlessTaken(this.keys, { _id: keyIdOf(entry), ...fieldsOf(entry) });
  }

  async find(name: KeyName): Promise<KeyEntry | undefined> {
    const doc = await withMongo(() =>
      this.keys.findById(keyIdOf(name)).lean<IdempotencyKeyDocument>().exec(),
    );
    if (!doc) return undefined;
    const { space, appId, key } = name;
    return {
      space,
      appId,
      key,
      recordId: doc.recordId,
      requestHash: doc.requestHash,
      expiresAt: doc.expiresAt,
      ...(doc.answer ? { answer: { status: doc.answer.status, body: doc.answer.body } } : {}),
    };
  }

  async replace(existing: KeyEntry, next: KeyEntry): Promise<boolean> {
    const result = await withMongo(() =>
      this.keys
        // A key taken over names a new record, whose answer is still to come.
        .updateOne(
          { _id: keyIdOf(existing), ...fieldsOf(existing) },
          { $set: fieldsOf(next), $unset: { answer: '' } },
        )
        .exec(),
    );
    return result.matchedCount === 1;
  }

  async recordAnswer(name: KeyName, recordId: string, answer: KeyAnswer): Promise<void> {
    await withMongo(() =>
      this.keys
        .updateOne(
          { _id: keyIdOf(name), recordId, answer: { $exists: false } },
          { $set: { answer: { status: answer.status, body: answer.body } } },
        )
        .exec(),
    );
  }

  async purgeExpired(now: Date): Promise<number> {
    const { deletedCount } = await withMongo(() =>
      this.keys.deleteMany({ expiresAt: { $lte: now } }).exec(),
    );
    return deletedCount;
  }
}
