import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model, UpdateQuery } from 'mongoose';
import { ConditionalUpdates } from '../common/database/conditional-updates';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { withMongo } from '../common/database/mongo-errors';
import { DuplicateKeyError, StoreUnavailableError } from '../common/database/persistence-errors';
import type { Message } from './message.model';
import { CANCELABLE_STATUSES, PENDING_STATUSES } from '../contract/message-status';
import { MESSAGE_INDEXES, MESSAGE_MODEL, type MessageDocument } from './message.schema';
import {
  DISPATCH_LOCK_INDEXES,
  DISPATCH_LOCK_MODEL,
  type DispatchLockDocument,
} from './message.schema';
import {
  type AttemptResult,
  type CancelOutcome,
  type DueMessage,
  type MessagePage,
  type MessagePosition,
  type MessageQuery,
  MessageStore,
  reportEffect,
  type ReportOutcome,
} from './message.store';
import { type AppScope } from '../identity/app-scope';
import { type ProviderReport } from '../contract/provider-report';
import type { MessageEvent } from '../contract/message-event';

const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;
/** Each round ends because the message changed between its read and the report's update. */
const REPORT_ROUNDS = 5;

const duplicate = (id: string): string => `Message ${id} exists.`;
const LOCK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Copies `value` without undefined or null properties: absent fields are neither stored nor returned. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== null),
  ) as T;

const toMessage = (doc: MessageDocument): Message =>
  compact<Message>({
    id: doc._id,
    appId: doc.appId,
    channel: doc.channel,
    status: doc.status,
    to: doc.to,
    content: doc.content,
    metadata: doc.metadata,
    priority: doc.priority,
    provider: doc.provider,
    callbackUrl: doc.callbackUrl,
    scheduledAt: doc.scheduledAt,
    nextAttemptAt: doc.nextAttemptAt,
    claim: doc.claim,
    route: doc.route,
    attempts: doc.attempts,
    events: doc.events,
    providerMessageIds: doc.providerMessageIds,
    providerStatus: doc.providerStatus,
    idempotencyKey: doc.idempotencyKey,
    requestHash: doc.requestHash,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    expiresAt: doc.expiresAt,
    idempotencyExpiresAt: doc.idempotencyExpiresAt,
  });

function toDocument(message: Message): MessageDocument {
  const { id, claim, attempts, events, ...fields } = message;
  return compact<MessageDocument>({
    _id: id,
    ...fields,
    claim: claim && compact(claim),
    attempts: attempts.map(compact),
    events: events.map(compact),
  });
}

/** The message is SENDING under `owner`'s claim. */
const heldBy = (owner: string) => ({
  filter: { status: 'SENDING', 'claim.owner': owner } satisfies FilterQuery<MessageDocument>,
  holds: (doc: MessageDocument) => doc.status === 'SENDING' && doc.claim?.owner === owner,
});

/** Nothing has changed the message since `read` was taken. */
const unchangedSince = (read: MessageDocument) => ({
  filter: { status: read.status, updatedAt: read.updatedAt } satisfies FilterQuery<MessageDocument>,
  holds: (doc: MessageDocument) =>
    doc.status === read.status && doc.updatedAt.getTime() === read.updatedAt.getTime(),
});

/** Nothing has changed the message since `read`, not even an event appended in the same millisecond. */
const untouchedSince = (read: MessageDocument) => ({
  filter: {
    status: read.status,
    updatedAt: read.updatedAt,
    events: { $size: read.events.length },
  } satisfies FilterQuery<MessageDocument>,
  holds: (doc: MessageDocument) =>
    unchangedSince(read).holds(doc) && doc.events.length === read.events.length,
});

/** Whether a worker may take the message now: pending and due, or under a lapsed claim. */
const isClaimable = (doc: MessageDocument, now: Date): boolean =>
  ((PENDING_STATUSES as readonly string[]).includes(doc.status) &&
    doc.nextAttemptAt !== undefined &&
    doc.nextAttemptAt <= now) ||
  (doc.status === 'SENDING' && doc.claim !== undefined && doc.claim.expiresAt <= now);

/** Pending and due, or being sent under a claim that has lapsed. */
const dueAt = (at: Date): FilterQuery<MessageDocument> => ({
  $or: [
    { status: { $in: [...PENDING_STATUSES] }, nextAttemptAt: { $lte: at } },
    { status: 'SENDING', 'claim.expiresAt': { $lte: at } },
  ],
});

function filterOf(query: MessageQuery, appId: string | undefined): FilterQuery<MessageDocument> {
  const filter: Record<string, unknown> = {};
  if (appId !== undefined) filter.appId = appId;
  if (query.channel !== undefined) filter.channel = query.channel;
  if (query.status !== undefined) filter.status = query.status;
  // $eq keeps a caller's value a value, whatever shape it arrives in.
  if (query.to !== undefined) filter.to = { $eq: query.to };
  if (query.after !== undefined || query.before !== undefined) {
    filter.createdAt = compact({ $gte: query.after, $lte: query.before });
  }
  for (const [key, value] of Object.entries(query.metadata ?? {})) {
    filter[`metadata.${key}`] = { $eq: value };
  }
  return filter;
}

/** Strictly after `position` in newest-first order. */
const after = (position: MessagePosition): FilterQuery<MessageDocument> => ({
  $or: [
    { createdAt: { $lt: position.createdAt } },
    { createdAt: position.createdAt, _id: { $lt: position.id } },
  ],
});

/**
 * Messages in MongoDB. Creates its collections and indexes at start-up;
 * the sweeper purges expired messages, since FerretDB accepts no TTL index.
 */
@Injectable()
export class MongoMessageStore extends MessageStore implements OnModuleInit {
  private readonly logger = new Logger(MongoMessageStore.name);
  /** Conditional updates of messages, one write of a message at a time. */
  private readonly messageWrites: ConditionalUpdates<MessageDocument>;

  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    @InjectModel(DISPATCH_LOCK_MODEL) private readonly locks: Model<DispatchLockDocument>,
  ) {
    super();
    this.messageWrites = new ConditionalUpdates(messages);
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.messages, MESSAGE_INDEXES, this.logger);
    await ensureIndexes(this.locks, DISPATCH_LOCK_INDEXES, this.logger);
    await this.messageWrites.detectServer(this.logger);
  }

  async insert(message: Message): Promise<void> {
    await withMongo(() => this.messages.create(toDocument(message)), duplicate(message.id));
  }

  /**
   * By `_id` alone, then the app is checked: the primary key on MongoDB; on FerretDB, whose
   * SQLite filter never uses its `_id` index, a filter of `_id` alone is still the cheapest scan
   * (other fields are matched in Go, several times dearer per document).
   */
  async get(scope: AppScope, id: string): Promise<Message | undefined> {
    const doc = await withMongo(() => this.messages.findById(id).lean<MessageDocument>().exec());
    return doc?.appId === scope.appId ? toMessage(doc) : undefined;
  }

  list(scope: AppScope, query: MessageQuery): Promise<MessagePage> {
    return this.page(query, scope.appId);
  }

  cancel(scope: AppScope, id: string, at: Date): Promise<CancelOutcome> {
    return this.messageWrites.serialised(id, () => this.cancelNow(scope, id, at));
  }

  private async cancelNow(scope: AppScope, id: string, at: Date): Promise<CancelOutcome> {
    const event: MessageEvent = { type: 'canceled', at };
    const canceled = await withMongo(() =>
      this.messages
        .findOneAndUpdate(
          { _id: id, appId: scope.appId, status: { $in: [...CANCELABLE_STATUSES] } },
          {
            $set: { status: 'CANCELED', updatedAt: at },
            $unset: { nextAttemptAt: '' },
            $push: { events: event },
          },
          { returnDocument: 'after' },
        )
        .lean<MessageDocument>()
        .exec(),
    );
    if (canceled) return { kind: 'canceled', message: toMessage(canceled) };
    const current = await withMongo(() =>
      this.messages
        .findOne({ _id: id, appId: scope.appId }, { status: 1 })
        .lean<Pick<MessageDocument, 'status'>>()
        .exec(),
    );
    return current ? { kind: 'not_cancelable', status: current.status } : { kind: 'not_found' };
  }

  async getAcrossApps(id: string): Promise<Message | undefined> {
    const doc = await withMongo(() => this.messages.findById(id).lean<MessageDocument>().exec());
    return doc ? toMessage(doc) : undefined;
  }

  listAcrossApps(query: MessageQuery & { readonly appId?: string }): Promise<MessagePage> {
    return this.page(query, query.appId);
  }

  /** Served by the `provider_message_ids` index; $eq keeps the caller's id a value. */
  async findByProviderMessageIdAcrossApps(providerMessageId: string): Promise<Message | undefined> {
    const doc = await withMongo(() =>
      this.messages
        .findOne({ providerMessageIds: { $eq: providerMessageId } })
        .lean<MessageDocument>()
        .exec(),
    );
    return doc ? toMessage(doc) : undefined;
  }

  /**
   * Reads the message, decides by `reportEffect`, and updates it only if nothing touched it
   * since the read; otherwise decides again on a fresh read. Only writes when the report
   * changes something, so a repeated one leaves the document as it was.
   */
  applyProviderReport(
    scope: AppScope,
    id: string,
    report: ProviderReport,
    now: Date,
  ): Promise<ReportOutcome> {
    return this.messageWrites.serialised(id, () => this.applyReport(scope, id, report, now));
  }

  private async applyReport(
    scope: AppScope,
    id: string,
    report: ProviderReport,
    now: Date,
  ): Promise<ReportOutcome> {
    for (let round = 0; round < REPORT_ROUNDS; round += 1) {
      const current = await withMongo(() =>
        this.messages.findById(id).lean<MessageDocument>().exec(),
      );
      if (current?.appId !== scope.appId) return { kind: 'not_found' };
      const effect = reportEffect(current, report);
      if (effect.kind === 'sending') return { kind: 'sending' };
      if (effect.kind === 'none') return { kind: 'unchanged', message: toMessage(current) };
      const moved = effect.kind === 'move';
      const update: UpdateQuery<MessageDocument> = {
        $set: {
          ...(moved ? { status: effect.status } : {}),
          providerStatus: report.providerStatus,
          updatedAt: now,
        },
        ...(moved ? { $unset: { nextAttemptAt: '' } } : {}),
        $push: { events: compact(report.event) },
      };
      const doc = await this.messageWrites.updateWhere(
        id,
        untouchedSince(current),
        update,
        current,
      );
      if (doc) return { kind: moved ? 'moved' : 'recorded', message: toMessage(doc) };
    }
    throw new StoreUnavailableError(
      'The message kept changing while a report was applied; try again.',
    );
  }

  /**
   * Three steps, each atomic on any MongoDB-wire server: read the message; insert the lock for
   * this attempt and takeover round (only one worker's insert succeeds); then mark it SENDING if
   * it is unchanged since the read. A conditional update alone would decide the same on MongoDB,
   * but FerretDB 1.24 does not isolate it from a concurrent one.
   */
  claim(id: string, owner: string, now: Date, leaseMs: number): Promise<Message | undefined> {
    return this.messageWrites.serialised(id, () => this.claimNow(id, owner, now, leaseMs));
  }

  private async claimNow(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<Message | undefined> {
    const current = await withMongo(() =>
      this.messages.findById(id).lean<MessageDocument>().exec(),
    );
    if (!current || !isClaimable(current, now)) return undefined;
    const round = current.claim ? (current.claimRound ?? 0) + 1 : 0;
    const lockId = `${id}:${current.attempts.length}:${round}`;
    if (!(await this.takeLock(lockId, owner, now, leaseMs))) return undefined;
    const claim = { owner, expiresAt: new Date(now.getTime() + leaseMs) };
    let doc: MessageDocument | undefined;
    try {
      doc = await this.messageWrites.updateWhere(
        id,
        unchangedSince(current),
        { $set: { status: 'SENDING', claim, claimRound: round, updatedAt: now } },
        current,
      );
    } finally {
      // Changed since the read (canceled, say) or the update failed: free the lock for a later claim.
      if (!doc)
        await this.locks
          .deleteOne({ _id: lockId, owner })
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
    if (await this.insertNew(this.locks, { _id: lockId, owner, at: now })) return true;
    const stale = new Date(now.getTime() - leaseMs);
    const removed = await withMongo(() =>
      this.locks.deleteOne({ _id: lockId, at: { $lte: stale } }).exec(),
    );
    return (
      removed.deletedCount === 1 &&
      (await this.insertNew(this.locks, { _id: lockId, owner, at: now }))
    );
  }

  complete(
    id: string,
    owner: string,
    result: AttemptResult,
    now: Date,
  ): Promise<Message | undefined> {
    return this.messageWrites.serialised(id, () => this.completeNow(id, owner, result, now));
  }

  private async completeNow(
    id: string,
    owner: string,
    result: AttemptResult,
    now: Date,
  ): Promise<Message | undefined> {
    const { attempt, nextAttemptAt, providerStatus } = result;
    const update: UpdateQuery<MessageDocument> = {
      $set: compact({
        status: result.status,
        route: result.route,
        updatedAt: now,
        nextAttemptAt,
        providerStatus,
      }),
      $unset: nextAttemptAt === undefined ? { claim: '', nextAttemptAt: '' } : { claim: '' },
      $push: { attempts: compact(attempt), events: { $each: result.events.map(compact) } },
      ...(attempt.providerMessageId === undefined
        ? {}
        : { $addToSet: { providerMessageIds: attempt.providerMessageId } }),
    };
    const doc = await this.messageWrites.updateWhere(id, heldBy(owner), update);
    return doc ? toMessage(doc) : undefined;
  }

  async release(id: string, owner: string, now: Date): Promise<void> {
    // A lapsed claim is one any worker may take (see `dueAt`).
    await this.messageWrites.serialised(id, () =>
      withMongo(() =>
        this.messages
          .updateOne(
            { _id: id, status: 'SENDING', 'claim.owner': owner },
            { $set: { 'claim.expiresAt': now, updatedAt: now } },
          )
          .exec(),
      ),
    );
  }

  async appendEvents(id: string, events: readonly MessageEvent[], now: Date): Promise<void> {
    if (events.length === 0) return;
    await this.messageWrites.serialised(id, () =>
      withMongo(() =>
        this.messages
          .updateOne(
            { _id: id },
            { $push: { events: { $each: events.map(compact) } }, $set: { updatedAt: now } },
          )
          .exec(),
      ),
    );
  }

  async findDue(dueBefore: Date, limit: number): Promise<readonly DueMessage[]> {
    const docs = await withMongo(() =>
      this.messages
        .find(dueAt(dueBefore), { priority: 1, attempts: 1, status: 1 })
        .sort({ priority: -1, nextAttemptAt: 1, _id: 1 })
        .limit(limit)
        .lean<Pick<MessageDocument, '_id' | 'priority' | 'attempts' | 'status'>[]>()
        .exec(),
    );
    return docs.map((doc) => ({
      id: doc._id,
      priority: doc.priority,
      attempts: doc.attempts.length,
      lapsed: doc.status === 'SENDING',
    }));
  }

  async purgeExpired(now: Date): Promise<number> {
    const [messages] = await Promise.all([
      withMongo(() => this.messages.deleteMany({ expiresAt: { $lte: now } }).exec()),
      // A lock matters only while its attempt can still be claimed: a day is far beyond that.
      withMongo(() =>
        this.locks.deleteMany({ at: { $lte: new Date(now.getTime() - LOCK_LIFETIME_MS) } }).exec(),
      ),
    ]);
    return messages.deletedCount;
  }

  private async page(query: MessageQuery, appId: string | undefined): Promise<MessagePage> {
    const filter = filterOf(query, appId);
    const { cursor } = query;
    const offset = cursor === undefined ? query.offset : undefined;
    const [docs, total] = await Promise.all([
      withMongo(() =>
        this.messages
          .find(cursor === undefined ? filter : { ...filter, ...after(cursor) })
          .sort(NEWEST_FIRST)
          .skip(offset ?? 0)
          .limit(query.limit + 1)
          .lean<MessageDocument[]>()
          .exec(),
      ),
      offset === undefined
        ? undefined
        : withMongo(() => this.messages.countDocuments(filter).exec()),
    ]);
    const items = docs.slice(0, query.limit).map(toMessage);
    const last = items.at(-1);
    return compact<MessagePage>({
      items,
      next:
        docs.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      total,
    });
  }

  /** Inserts a document; false when its `_id` is taken. */
  private async insertNew<T>(model: Model<T>, doc: T): Promise<boolean> {
    try {
      await withMongo(() => model.create(doc));
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }
}
