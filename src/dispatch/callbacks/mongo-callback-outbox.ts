import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureIndexes } from '../../common/database/ensure-indexes';
import { insertUnlessTaken, withMongo } from '../../common/database/mongo-errors';
import { DISPATCH_LOCK_MODEL, type DispatchLockDocument } from '../dispatch-lock.schema';
import {
  CallbackOutbox,
  type CallbackOutcome,
  type CallbackRecord,
  SETTLED_STATES,
} from './callback-outbox';
import { CALLBACK_INDEXES, CALLBACK_MODEL, type CallbackDocument } from './callback-outbox.schema';

/** Due records looked at per lease; more only matter when many messages wait on earlier ones. */
const CANDIDATES = 20;

const toRecord = ({ _id, ...rest }: CallbackDocument): CallbackRecord => ({ id: _id, ...rest });

/**
 * The outbox in MongoDB. Which worker tries a record is decided by inserting a lock document
 * for that record and try (unique `_id`, atomic on every MongoDB-wire server, unlike a
 * conditional update on FerretDB 1.24); a lock older than the lease is taken over.
 */
@Injectable()
export class MongoCallbackOutbox extends CallbackOutbox implements OnModuleInit {
  private readonly logger = new Logger(MongoCallbackOutbox.name);

  constructor(
    @InjectModel(CALLBACK_MODEL) private readonly callbacks: Model<CallbackDocument>,
    @InjectModel(DISPATCH_LOCK_MODEL) private readonly locks: Model<DispatchLockDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.callbacks, CALLBACK_INDEXES, this.logger);
  }

  async add(records: readonly CallbackRecord[]): Promise<void> {
    if (records.length === 0) return;
    const docs = records.map(({ id, ...rest }) => ({ _id: id, ...rest, tries: [...rest.tries] }));
    await withMongo(() => this.callbacks.insertMany(docs));
  }

  async lease(now: Date, leaseUntil: Date): Promise<CallbackRecord | undefined> {
    const due = await withMongo(() =>
      this.callbacks
        .find({ state: 'PENDING', nextTryAt: { $lte: now } })
        .sort({ sequence: 1 })
        .limit(CANDIDATES)
        .lean<CallbackDocument[]>()
        .exec(),
    );
    for (const doc of due) {
      if ((await this.earlierPending(doc)) || !(await this.lock(doc, now, leaseUntil))) continue;
      return toRecord(doc);
    }
    return undefined;
  }

  async settle(id: string, outcome: CallbackOutcome): Promise<void> {
    await withMongo(() =>
      this.callbacks
        .updateOne(
          { _id: id, state: 'PENDING' },
          {
            $push: { tries: outcome.try },
            $set: { state: outcome.state, nextTryAt: outcome.nextTryAt },
          },
        )
        .exec(),
    );
  }

  async forMessage(messageId: string): Promise<CallbackRecord[]> {
    const docs = await withMongo(() =>
      this.callbacks.find({ messageId }).sort({ sequence: 1 }).lean<CallbackDocument[]>().exec(),
    );
    return docs.map(toRecord);
  }

  async pending(): Promise<number> {
    return withMongo(() => this.callbacks.countDocuments({ state: 'PENDING' }).exec());
  }

  /** Served by the `settled` index. */
  async purgeSettled(before: Date): Promise<number> {
    const { deletedCount } = await withMongo(() =>
      this.callbacks
        .deleteMany({ state: { $in: [...SETTLED_STATES] }, createdAt: { $lte: before } })
        .exec(),
    );
    return deletedCount;
  }

  private async earlierPending(doc: CallbackDocument): Promise<boolean> {
    const earlier = await withMongo(() =>
      this.callbacks
        .countDocuments({
          messageId: doc.messageId,
          state: 'PENDING',
          sequence: { $lt: doc.sequence },
        })
        .exec(),
    );
    return earlier > 0;
  }

  /** One lock per record and try; a lock older than a lease belongs to a worker that died. */
  private async lock(doc: CallbackDocument, now: Date, leaseUntil: Date): Promise<boolean> {
    const lockId = `callback:${doc._id}:${doc.tries.length}`;
    const lock = { _id: lockId, owner: 'callbacks', at: now };
    if (await insertUnlessTaken(this.locks, lock)) return true;
    const stale = new Date(now.getTime() - (leaseUntil.getTime() - now.getTime()));
    const removed = await withMongo(() =>
      this.locks.deleteOne({ _id: lockId, at: { $lte: stale } }).exec(),
    );
    return removed.deletedCount === 1 && (await insertUnlessTaken(this.locks, lock));
  }
}
