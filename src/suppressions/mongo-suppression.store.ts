import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { findPage } from '../common/database/mongo-keyset';
import { insertUnlessTaken, withMongo } from '../common/database/mongo-errors';
import type { Suppression, SuppressionPage, SuppressionReason } from './suppression.model';
import {
  SUPPRESSION_INDEXES,
  SUPPRESSION_MODEL,
  type SuppressionDocument,
} from './suppression.schema';
import { type AddOutcome, BY_ADDRESS, positionOf, SuppressionStore } from './suppression.store';

/**
 * One document per app, address and topic: `<appId>:<address>` for the entry about every topic,
 * `<appId>;<topic>:<address>` for one topic (app ids and topics hold neither `:` nor `;`).
 */
const idOf = (appId: string, address: string, topic?: string): string =>
  topic === undefined ? `${appId}:${address}` : `${appId};${topic}:${address}`;

const toSuppression = (doc: SuppressionDocument): Suppression => ({
  appId: doc.appId,
  address: doc.address,
  ...(doc.topic === undefined ? {} : { topic: doc.topic }),
  reason: doc.reason as SuppressionReason,
  detail: doc.detail,
  ...(doc.messageId === undefined ? {} : { messageId: doc.messageId }),
  createdAt: doc.createdAt,
});

/** Suppression lists in MongoDB; creates the collection and its index at start-up. */
@Injectable()
export class MongoSuppressionStore extends SuppressionStore implements OnModuleInit {
  private readonly logger = new Logger(MongoSuppressionStore.name);

  constructor(
    @InjectModel(SUPPRESSION_MODEL) private readonly suppressions: Model<SuppressionDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.suppressions, SUPPRESSION_INDEXES, this.logger);
  }

  /** The document's id makes the first insert win; a later one reads what stands. */
  async add(suppression: Suppression): Promise<AddOutcome> {
    const _id = idOf(suppression.appId, suppression.address, suppression.topic);
    if (await insertUnlessTaken(this.suppressions, { _id, ...suppression })) {
      return { kind: 'added', suppression };
    }
    const standing = await withMongo(() =>
      this.suppressions.findById(_id).lean<SuppressionDocument>().exec(),
    );
    // Removed again between the two steps: the entry given is as good as any.
    return standing
      ? { kind: 'exists', suppression: toSuppression(standing) }
      : this.add(suppression);
  }

  async findAmong(
    appId: string,
    addresses: readonly string[],
    topic?: string,
  ): Promise<readonly Suppression[]> {
    if (addresses.length === 0) return [];
    const topics = topic === undefined ? [null] : [null, topic];
    const docs = await withMongo(() =>
      this.suppressions
        .find({ appId, address: { $in: [...new Set(addresses)] }, topic: { $in: topics } })
        .lean<SuppressionDocument[]>()
        .exec(),
    );
    return docs.map(toSuppression);
  }

  list(appId: string, limit: number, after?: string): Promise<SuppressionPage> {
    return findPage(
      this.suppressions,
      { filter: { appId }, order: BY_ADDRESS, page: { limit, after } },
      toSuppression,
      positionOf,
    );
  }

  async remove(appId: string, address: string, topic?: string): Promise<boolean> {
    const result = await withMongo(() =>
      this.suppressions.deleteOne({ _id: idOf(appId, address, topic) }).exec(),
    );
    return result.deletedCount > 0;
  }
}
