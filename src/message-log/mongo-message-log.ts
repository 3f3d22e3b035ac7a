import { Injectable } from '@nestjs/common';
import type { mongo, UpdateQuery } from 'mongoose';
import type { DocumentCondition } from '../common/database/conditional-updates';
import { NEWEST_FIRST, timePositionOf } from '../common/database/keyset';
import { findPage } from '../common/database/mongo-keyset';
import { withMongo } from '../common/database/mongo-errors';
import { StoreUnavailableError } from '../common/database/persistence-errors';
import type { MessageEvent } from '../contract/message-event';
import { CANCELABLE_STATUSES } from '../contract/message-status';
import type { ProviderReport } from '../contract/provider-report';
import type { AppScope } from '../identity/app-scope';
import { engagementEffect, type EngagementEntry, templateIdOf } from './engagement-effect';
import {
  type CancelOutcome,
  type ContentResealer,
  type EngagementFacts,
  type EngagementFactsQuery,
  type EngagementOutcome,
  MessageLog,
  type MessagePage,
  type MessageQuery,
  type ReportOutcome,
  summaryOf,
} from './message-log';
import type { Message } from './message.model';
import type { MessageDocument } from './message.schema';
import {
  compact,
  MongoMessageDocuments,
  toDocument,
  toMessage,
  unchangedSince,
} from './mongo-message-documents';
import { filterOf, SUMMARY_PROJECTION } from './mongo-message-filter';
import { reportEffect } from './report-effect';

/** The fields an engagement summary reads: never the content beyond its template. */
const FACTS_PROJECTION = {
  createdAt: 1,
  status: 1,
  attempts: 1,
  events: 1,
  engagement: 1,
  'content.template': 1,
} as const;

/** Each round ends because the message changed between its read and the report's update. */
const REPORT_ROUNDS = 5;
const RESEAL_BATCH = 500;

/** Nothing has changed the message since `read`, not even an event appended in the same millisecond. */
const untouchedSince = (read: MessageDocument): DocumentCondition<MessageDocument> => ({
  filter: { ...unchangedSince(read).filter, events: { $size: read.events.length } },
  holds: (doc) => unchangedSince(read).holds(doc) && doc.events.length === read.events.length,
});

/**
 * The message log in MongoDB, one document per message. Writes of a message go through
 * `MongoMessageDocuments`, one at a time; the sweeper purges expired messages, since FerretDB
 * accepts no TTL index.
 */
@Injectable()
export class MongoMessageLog extends MessageLog {
  constructor(private readonly documents: MongoMessageDocuments) {
    super();
  }

  private get messages() {
    return this.documents.model;
  }

  async insert(message: Message): Promise<void> {
    await withMongo(
      () => this.messages.create(toDocument(message)),
      `Message ${message.id} exists.`,
    );
  }

  /**
   * By `_id` alone, then the app is checked: the primary key on MongoDB; on FerretDB, whose
   * SQLite filter never uses its `_id` index, a filter of `_id` alone is still the cheapest scan
   * (other fields are matched in Go, several times dearer per document).
   */
  async get(scope: AppScope, id: string): Promise<Message | undefined> {
    const doc = await this.documents.findById(id);
    return doc?.appId === scope.appId ? toMessage(doc) : undefined;
  }

  list(scope: AppScope, query: MessageQuery): Promise<MessagePage> {
    return this.page(query, scope.appId);
  }

  cancel(scope: AppScope, id: string, at: Date): Promise<CancelOutcome> {
    return this.documents.serialised(id, () => this.cancelNow(scope, id, at));
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
    const doc = await this.documents.findById(id);
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
    return this.documents.serialised(id, () => this.applyReport(scope, id, report, now));
  }

  private async applyReport(
    scope: AppScope,
    id: string,
    report: ProviderReport,
    now: Date,
  ): Promise<ReportOutcome> {
    for (let round = 0; round < REPORT_ROUNDS; round += 1) {
      const current = await this.documents.findById(id);
      if (current?.appId !== scope.appId) return { kind: 'not_found' };
      const effect = reportEffect(current, report);
      if (effect.kind === 'sending') return { kind: 'sending' };
      if (effect.kind === 'none') return { kind: 'unchanged', message: toMessage(current) };
      const moved = effect.kind === 'move';
      const update: mongo.UpdateFilter<MessageDocument> = {
        $set: {
          ...(moved ? { status: effect.status } : {}),
          providerStatus: report.providerStatus,
          updatedAt: now,
        },
        ...(moved ? { $unset: { nextAttemptAt: '' } } : {}),
        $push: { events: compact(report.event) },
      };
      const doc = await this.documents.updateWhere(id, untouchedSince(current), update, current);
      if (doc) return { kind: moved ? 'moved' : 'recorded', message: toMessage(doc) };
    }
    throw new StoreUnavailableError(
      'The message kept changing while a report was applied; try again.',
    );
  }

  /**
   * Reads the message, decides by `engagementEffect`, then grows the counts with `$inc` (so
   * that counts from other processes add up) and sets first times with `$min`.
   */
  recordEngagement(
    scope: AppScope,
    id: string,
    entry: EngagementEntry,
    now: Date,
  ): Promise<EngagementOutcome> {
    return this.documents.serialised(id, () => this.recordNow(scope, id, entry, now));
  }

  private async recordNow(
    scope: AppScope,
    id: string,
    entry: EngagementEntry,
    now: Date,
  ): Promise<EngagementOutcome> {
    const current = await this.documents.findById(id);
    if (current?.appId !== scope.appId) return { kind: 'not_found' };
    const effect = engagementEffect(current, entry);
    if (effect.kind === 'repeated') return { kind: 'repeated', message: toMessage(current) };
    const inc: Record<string, number> = {};
    for (const [name, by] of Object.entries(effect.increments)) inc[`engagement.${name}`] = by;
    const firsts: Record<string, Date> = {};
    for (const [name, at] of Object.entries(effect.firsts)) firsts[`engagement.${name}`] = at;
    const update: UpdateQuery<MessageDocument> = {
      $inc: inc,
      $set: { updatedAt: now },
      ...(Object.keys(firsts).length > 0 ? { $min: firsts } : {}),
      ...(effect.keepEvent ? { $push: { events: compact(entry.event) } } : {}),
    };
    const doc = await withMongo(() =>
      this.messages
        .findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' })
        .lean<MessageDocument>()
        .exec(),
    );
    return doc ? { kind: 'recorded', message: toMessage(doc) } : { kind: 'not_found' };
  }

  /** Served by the `app_channel_newest` index; reads only the fields a summary counts. */
  async engagementFacts(
    scope: AppScope,
    { from, to, limit }: EngagementFactsQuery,
  ): Promise<readonly EngagementFacts[]> {
    const docs = await withMongo(() =>
      this.messages
        .find(
          { appId: scope.appId, channel: 'email', createdAt: { $gte: from, $lt: to } },
          FACTS_PROJECTION,
        )
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .lean<MessageDocument[]>()
        .exec(),
    );
    return docs.map((doc) =>
      compact<EngagementFacts>({
        createdAt: doc.createdAt,
        templateId: templateIdOf(doc.content),
        status: doc.status,
        attempts: doc.attempts,
        events: doc.events,
        engagement: doc.engagement,
      }),
    );
  }

  async appendEvents(id: string, events: readonly MessageEvent[], now: Date): Promise<void> {
    if (events.length === 0) return;
    await this.documents.serialised(id, () =>
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

  async purgeExpired(now: Date): Promise<number> {
    const { deletedCount } = await withMongo(() =>
      this.messages.deleteMany({ expiresAt: { $lte: now } }).exec(),
    );
    return deletedCount;
  }

  /** In pages by id, one message at a time, each write conditional on the content it replaces. */
  async resealContent(reseal: ContentResealer): Promise<number> {
    let rewritten = 0;
    for (let after = ''; ;) {
      const page = await withMongo(() =>
        this.messages
          .find(
            { sealedContent: { $exists: true }, _id: { $gt: after } },
            { appId: 1, sealedContent: 1 },
          )
          .sort({ _id: 1 })
          .limit(RESEAL_BATCH)
          .lean<Pick<MessageDocument, '_id' | 'appId' | 'sealedContent'>[]>()
          .exec(),
      );
      for (const doc of page) rewritten += await this.resealOne(doc, reseal);
      const last = page.at(-1);
      if (!last || page.length < RESEAL_BATCH) return rewritten;
      after = last._id;
    }
  }

  private async resealOne(
    { _id: id, appId, sealedContent }: Pick<MessageDocument, '_id' | 'appId' | 'sealedContent'>,
    reseal: ContentResealer,
  ): Promise<number> {
    const resealed = sealedContent === undefined ? undefined : reseal({ id, appId, sealedContent });
    if (resealed === undefined) return 0;
    const { modifiedCount } = await this.documents.serialised(id, () =>
      withMongo(() =>
        this.messages
          .updateOne({ _id: id, sealedContent }, { $set: { sealedContent: resealed } })
          .exec(),
      ),
    );
    return modifiedCount;
  }

  /** A summary page reads no content: the database sends none of it. */
  private page(query: MessageQuery, appId: string | undefined): Promise<MessagePage> {
    const { limit, cursor, offset, count, summary } = query;
    return findPage(
      this.messages,
      {
        filter: filterOf(query, appId),
        order: NEWEST_FIRST,
        page: { limit, after: cursor, offset, count },
        ...(summary ? { projection: SUMMARY_PROJECTION } : {}),
      },
      summary ? (doc) => summaryOf(toMessage(doc)) : toMessage,
      timePositionOf,
    );
  }
}
