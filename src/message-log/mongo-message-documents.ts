import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ConditionalUpdates, type DocumentCondition } from '../common/database/conditional-updates';
import { ensureIndexes } from '../common/database/ensure-indexes';
import type { Message } from './message.model';
import { MESSAGE_INDEXES, MESSAGE_MODEL, type MessageDocument } from './message.schema';

/** Copies `value` without undefined or null properties: absent fields are neither stored nor returned. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== null),
  ) as T;

export const toMessage = (doc: MessageDocument): Message =>
  compact<Message>({
    id: doc._id,
    appId: doc.appId,
    channel: doc.channel,
    status: doc.status,
    to: doc.to,
    content: doc.content,
    sealedContent: doc.sealedContent,
    metadata: doc.metadata,
    requestedBy: doc.requestedBy,
    broadcastId: doc.broadcastId,
    reference: doc.reference,
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
    engagement: doc.engagement && compact(doc.engagement),
    idempotencyKey: doc.idempotencyKey,
    requestHash: doc.requestHash,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    expiresAt: doc.expiresAt,
    idempotencyExpiresAt: doc.idempotencyExpiresAt,
  });

export function toDocument(message: Message): MessageDocument {
  const { id, claim, attempts, events, requestedBy, ...fields } = message;
  return compact<MessageDocument>({
    _id: id,
    ...fields,
    requestedBy: requestedBy && compact(requestedBy),
    claim: claim && compact(claim),
    attempts: attempts.map(compact),
    events: events.map(compact),
  });
}

/** Nothing has changed the message since `read` was taken. */
export const unchangedSince = (read: MessageDocument): DocumentCondition<MessageDocument> => ({
  filter: { status: read.status, updatedAt: read.updatedAt },
  holds: (doc) =>
    doc.status === read.status && doc.updatedAt.getTime() === read.updatedAt.getTime(),
});

/**
 * The messages collection in MongoDB, shared by the message log and the dispatch claims: both
 * update message documents, so both go through this one `ConditionalUpdates`, and a provider
 * report, an appended callback event and a worker's claim or completion of one message are
 * written one after another. Creates the collection and its indexes at start-up.
 */
@Injectable()
export class MongoMessageDocuments
  extends ConditionalUpdates<MessageDocument>
  implements OnModuleInit
{
  private readonly logger = new Logger(MongoMessageDocuments.name);

  constructor(@InjectModel(MESSAGE_MODEL) model: Model<MessageDocument>) {
    super(model);
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.model, MESSAGE_INDEXES, this.logger);
    await this.detectServer(this.logger);
  }
}
