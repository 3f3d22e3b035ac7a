import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model, mongo } from 'mongoose';
import type { DocumentCondition } from '../common/database/conditional-updates';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { insertStoredUnlessTaken, withMongo } from '../common/database/mongo-errors';
import { PENDING_STATUSES } from '../contract/message-status';
import type { Message } from '../message-log/message.model';
import type { MessageDocument } from '../message-log/message.schema';
import {
  compact,
  MongoMessageDocuments,
  toMessage,
  unchangedSince,
} from '../message-log/mongo-message-documents';
import {
  type AttemptResult,
  DispatchClaims,
  dueOrder,
  type DueMessage,
  providerMessageIdsOf,
  pendingStatusOf,
} from './dispatch-claims';
import {
  DISPATCH_LOCK_INDEXES,
  DISPATCH_LOCK_MODEL,
  type DispatchLockDocument,
} from './dispatch-lock.schema';

/** A lock matters only while its attempt can still be claimed: a day is far beyond that. */
const LOCK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The message is SENDING under `owner`'s claim. */
const heldBy = (owner: string): DocumentCondition<MessageDocument> => ({
  filter: { status: 'SENDING', 'claim.owner': owner },
  holds: (doc) => doc.status === 'SENDING' && doc.claim?.owner === owner,
});

/** Whether a worker may take the message now: pending and due, or under a lapsed claim. */
const isClaimable = (doc: MessageDocument, now: Date): boolean =>
  ((PENDING_STATUSES as readonly string[]).includes(doc.status) &&
    doc.nextAttemptAt !== undefined &&
    doc.nextAttemptAt <= now) ||
  (doc.status === 'SENDING' && doc.claim !== undefined && doc.claim.expiresAt <= now);

/**
 * Pending and due with `attempts` recorded and never claimed since (takeover round 0): what the
 * read of a claim would find claimable under the lock of that attempt's round 0.
 */
const claimableAt = (now: Date, attempts: number): DocumentCondition<MessageDocument> => ({
  filter: {
    status: { $in: [...PENDING_STATUSES] },
    nextAttemptAt: { $lte: now },
    attempts: { $size: attempts },
    claim: { $exists: false },
  },
  holds: (doc) => isClaimable(doc, now) && doc.attempts.length === attempts && !doc.claim,
});

/** A claim of the expected attempt found the message elsewhere: it must read to know. */
const UNEXPECTED = Symbol('unexpected');

/**
 * Due messages, a filter per status: pending and due, or SENDING under a lapsed claim. An
 * equality on the status each, not `$in` or `$or`: FerretDB 1.24 hands only equalities to its
 * storage, so each query decodes that status's documents instead of every message; on MongoDB
 * each is a range of the `due_pending` or `due_expired_claim` index.
 */
const waitingAt = (at: Date): FilterQuery<MessageDocument>[] =>
  PENDING_STATUSES.map((status) => ({ status, nextAttemptAt: { $lte: at } }));

const dueAt = (at: Date): FilterQuery<MessageDocument>[] => [
  ...waitingAt(at),
  { status: 'SENDING', 'claim.expiresAt': { $lte: at } },
];

type DueDocument = Pick<
  MessageDocument,
  '_id' | 'priority' | 'attempts' | 'status' | 'nextAttemptAt'
>;

/** The lock of a message's claim: its attempt (the attempts recorded before it) and takeover round. */
const lockId = (id: string, attempts: number, round: number): string =>
  `${id}:${attempts}:${round}`;

/** The lock of the claim a document is under. */
const lockIdOf = (doc: Pick<MessageDocument, '_id' | 'attempts' | 'claimRound'>): string =>
  lockId(doc._id, doc.attempts.length, doc.claimRound ?? 0);

/**
 * Claims on the message documents of MongoDB, decided by lock documents: FerretDB 1.24 does not
 * isolate a conditional update (FerretDB#3040), but an insert with a unique `_id` is atomic on
 * every MongoDB-wire server. Writes of a message go through `MongoMessageDocuments`, one at a time.
 */
@Injectable()
export class MongoDispatchClaims extends DispatchClaims implements OnModuleInit {
  private readonly logger = new Logger(MongoDispatchClaims.name);

  constructor(
    private readonly documents: MongoMessageDocuments,
    @InjectModel(DISPATCH_LOCK_MODEL) private readonly locks: Model<DispatchLockDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.locks, DISPATCH_LOCK_INDEXES, this.logger);
  }

  /**
   * Three steps, each atomic on any MongoDB-wire server: read the message; insert the lock for
   * this attempt and takeover round (only one worker's insert succeeds); then mark it SENDING if
   * it is unchanged since the read. A conditional update alone would decide the same on MongoDB,
   * but FerretDB 1.24 does not isolate it from a concurrent one.
   *
   * With the attempts the job expects, the read is tried without first: the lock of that
   * attempt's round 0, then the update on condition that the message is what the read would
   * have had to find for that lock. Every database operation with a filter reads the whole
   * collection on FerretDB 1.24/PostgreSQL (its filters are jsonb containment, which no index
   * serves), so the read saved is a scan saved. When that lock is held, and not stale, someone
   * holds the message or the job is for a step already taken (the next one has a job of its
   * own, or the sweeper's): nothing to claim, and no read needed to say so. When the message is
   * not as expected (a job with the wrong count), the lock goes and the claim reads as without.
   */
  async claim(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
    attempts?: number,
  ): Promise<Message | undefined> {
    const expected =
      attempts === undefined
        ? UNEXPECTED
        : await this.documents.serialised(id, () =>
            this.claimExpected(id, owner, now, leaseMs, attempts),
          );
    if (expected !== UNEXPECTED) return expected;
    return this.documents.serialised(id, () => this.claimNow(id, owner, now, leaseMs));
  }

  /** The claim of round 0 of the attempt after `attempts`; UNEXPECTED when the message is not there. */
  private async claimExpected(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
    attempts: number,
  ): Promise<Message | undefined | typeof UNEXPECTED> {
    const lock = lockId(id, attempts, 0);
    if (!(await this.takeLock(lock, owner, now, leaseMs))) return undefined;
    const claim = { owner, expiresAt: new Date(now.getTime() + leaseMs) };
    const claimed = await this.markClaimed(lock, owner, () =>
      this.documents.updateWhere(id, claimableAt(now, attempts), {
        $set: { status: 'SENDING', claim, claimRound: 0, updatedAt: now },
      }),
    );
    return claimed ?? UNEXPECTED;
  }

  private async claimNow(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<Message | undefined> {
    const current = await this.documents.findById(id);
    if (!current || !isClaimable(current, now)) return undefined;
    const round = current.claim ? (current.claimRound ?? 0) + 1 : 0;
    const lock = lockIdOf({ ...current, claimRound: round });
    if (!(await this.takeLock(lock, owner, now, leaseMs))) return undefined;
    const claim = { owner, expiresAt: new Date(now.getTime() + leaseMs) };
    return this.markClaimed(lock, owner, () =>
      this.documents.updateWhere(
        id,
        unchangedSince(current),
        { $set: { status: 'SENDING', claim, claimRound: round, updatedAt: now } },
        current,
      ),
    );
  }

  /** Marks the message claimed under the lock just taken, or frees the lock when it cannot. */
  private async markClaimed(
    lock: string,
    owner: string,
    mark: () => Promise<MessageDocument | undefined>,
  ): Promise<Message | undefined> {
    let doc: MessageDocument | undefined;
    try {
      doc = await mark();
    } finally {
      // Changed since the read (canceled, say) or the update failed: free the lock for a later claim.
      if (!doc)
        await this.locks
          .deleteOne({ _id: lock, owner })
          .exec()
          .catch(() => undefined);
    }
    return doc ? toMessage(doc) : undefined;
  }

  /**
   * Inserts the lock; a lock older than a claim's lease whose holder never marked the message
   * (it died, or its update failed and so did the clean-up) is removed and the insert tried once
   * more. Two workers doing that at once still end with one winner: the insert decides.
   */
  private async takeLock(
    lockId: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    if (await insertStoredUnlessTaken(this.locks, { _id: lockId, owner, at: now })) return true;
    const stale = new Date(now.getTime() - leaseMs);
    const removed = await withMongo(() =>
      this.locks.deleteOne({ _id: lockId, at: { $lte: stale } }).exec(),
    );
    return (
      removed.deletedCount === 1 &&
      (await insertStoredUnlessTaken(this.locks, { _id: lockId, owner, at: now }))
    );
  }

  complete(
    id: string,
    owner: string,
    result: AttemptResult,
    now: Date,
  ): Promise<Message | undefined> {
    return this.documents.serialised(id, () => this.completeNow(id, owner, result, now));
  }

  private async completeNow(
    id: string,
    owner: string,
    result: AttemptResult,
    now: Date,
  ): Promise<Message | undefined> {
    const { attempt, nextAttemptAt, providerStatus } = result;
    const brought = providerMessageIdsOf(result);
    const update: mongo.UpdateFilter<MessageDocument> = {
      $set: compact({
        status: result.status,
        route: result.route,
        updatedAt: now,
        nextAttemptAt,
        providerStatus,
      }),
      $unset: nextAttemptAt === undefined ? { claim: '', nextAttemptAt: '' } : { claim: '' },
      $push: { attempts: compact(attempt), events: { $each: result.events.map(compact) } },
      ...(brought.length === 0 ? {} : { $addToSet: { providerMessageIds: { $each: brought } } }),
    };
    const doc = await this.documents.updateWhere(id, heldBy(owner), update);
    return doc ? toMessage(doc) : undefined;
  }

  async release(id: string, owner: string, now: Date): Promise<void> {
    // A lapsed claim is one any worker may take (see `dueAt`).
    await this.documents.serialised(id, () =>
      withMongo(() =>
        this.documents.model
          .updateOne(
            { _id: id, status: 'SENDING', 'claim.owner': owner },
            { $set: { 'claim.expiresAt': now, updatedAt: now } },
          )
          .exec(),
      ),
    );
  }

  defer(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    return this.documents.serialised(id, () => this.deferNow(id, owner, until, now));
  }

  /**
   * Pending again, without a claim: the next claim starts a new round at 0, so this claim's lock
   * goes too (left behind, it would hold that claim off until it is stale).
   */
  private async deferNow(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    const current = await this.documents.findById(id);
    if (!current || !heldBy(owner).holds(current)) return false;
    const doc = await this.documents.updateWhere(
      id,
      heldBy(owner),
      {
        $set: { status: pendingStatusOf(current), nextAttemptAt: until, updatedAt: now },
        $unset: { claim: '' },
      },
      current,
    );
    if (!doc) return false;
    await this.locks
      .deleteOne({ _id: lockIdOf(current), owner })
      .exec()
      .catch(() => undefined);
    return true;
  }

  async oldestWaiting(now: Date): Promise<Date | undefined> {
    const firsts = await Promise.all(
      waitingAt(now).map((filter) =>
        withMongo(() =>
          this.documents.model
            .findOne(filter, { nextAttemptAt: 1 })
            .sort({ nextAttemptAt: 1 })
            .lean<Pick<MessageDocument, 'nextAttemptAt'>>()
            .exec(),
        ),
      ),
    );
    const times = firsts.flatMap((doc) => doc?.nextAttemptAt?.getTime() ?? []);
    return times.length === 0 ? undefined : new Date(Math.min(...times));
  }

  async findDue(dueBefore: Date, limit: number): Promise<readonly DueMessage[]> {
    const batches = await Promise.all(
      dueAt(dueBefore).map((filter) =>
        withMongo(() =>
          this.documents.model
            .find(filter, { priority: 1, attempts: 1, status: 1, nextAttemptAt: 1 })
            .sort({ priority: -1, nextAttemptAt: 1, _id: 1 })
            .limit(limit)
            .lean<DueDocument[]>()
            .exec(),
        ),
      ),
    );
    return batches
      .flat()
      .map((doc) => ({ ...doc, id: doc._id }))
      .sort(dueOrder)
      .slice(0, limit)
      .map((doc) => ({
        id: doc._id,
        priority: doc.priority,
        attempts: doc.attempts.length,
        lapsed: doc.status === 'SENDING',
      }));
  }

  async purgeExpired(now: Date): Promise<void> {
    await withMongo(() =>
      this.locks.deleteMany({ at: { $lte: new Date(now.getTime() - LOCK_LIFETIME_MS) } }).exec(),
    );
  }
}
