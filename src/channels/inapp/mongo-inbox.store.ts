import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { ensureIndexes } from '../../common/database/ensure-indexes';
import { withMongo } from '../../common/database/mongo-errors';
import { DuplicateKeyError } from '../../common/database/persistence-errors';
import type { InboxOwner, InboxPosition, Notification } from './inbox.model';
import {
  NOTIFICATION_INDEXES,
  NOTIFICATION_MODEL,
  type NotificationDocument,
} from './inbox.schema';
import { type InboxPage, type InboxQuery, InboxStore } from './inbox.store';

const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;

const toNotification = (doc: NotificationDocument): Notification => ({
  id: doc._id,
  appId: doc.appId,
  userId: doc.userId,
  messageId: doc.messageId,
  ...(doc.subject === undefined ? {} : { subject: doc.subject }),
  body: doc.body,
  metadata: doc.metadata,
  createdAt: doc.createdAt,
  ...(doc.readAt ? { readAt: doc.readAt } : {}),
  expiresAt: doc.expiresAt,
});

const toDocument = ({ id, readAt, ...rest }: Notification): NotificationDocument => ({
  _id: id,
  ...rest,
  readAt: readAt ?? null,
});

/** The owner's notifications that are still retained. */
const inboxOf = (owner: InboxOwner, now: Date): FilterQuery<NotificationDocument> => ({
  appId: owner.appId,
  userId: owner.userId,
  expiresAt: { $gt: now },
});

/** Strictly before (`$lt`) or after (`$gt`) a position in (createdAt, _id) order. */
const beyond = (
  position: InboxPosition,
  direction: '$lt' | '$gt',
): FilterQuery<NotificationDocument> => ({
  $or: [
    { createdAt: { [direction]: position.createdAt } },
    { createdAt: position.createdAt, _id: { [direction]: position.id } },
  ],
});

/** Notifications in MongoDB: one document each, found by owner and creation order. */
@Injectable()
export class MongoInboxStore extends InboxStore implements OnModuleInit {
  private readonly logger = new Logger(MongoInboxStore.name);

  constructor(
    @InjectModel(NOTIFICATION_MODEL) private readonly notifications: Model<NotificationDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.notifications, NOTIFICATION_INDEXES, this.logger);
  }

  async save(notification: Notification): Promise<Notification> {
    try {
      await withMongo(() => this.notifications.create(toDocument(notification)));
      return notification;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const existing = await this.findOne({ messageId: notification.messageId });
      if (!existing) throw error;
      return existing;
    }
  }

  get(owner: InboxOwner, id: string, now: Date): Promise<Notification | undefined> {
    return this.findOne({ ...inboxOf(owner, now), _id: id });
  }

  async list(owner: InboxOwner, query: InboxQuery, now: Date): Promise<InboxPage> {
    const filter: FilterQuery<NotificationDocument> = {
      ...inboxOf(owner, now),
      ...(query.unread ? { readAt: null } : {}),
      ...(query.before ? beyond(query.before, '$lt') : {}),
    };
    const docs = await this.find(filter, NEWEST_FIRST, query.limit + 1);
    const items = docs.slice(0, query.limit).map(toNotification);
    const last = items.at(-1);
    return docs.length > query.limit && last
      ? { items, next: { createdAt: last.createdAt, id: last.id } }
      : { items };
  }

  unreadCount(owner: InboxOwner, now: Date): Promise<number> {
    return withMongo(() =>
      this.notifications.countDocuments({ ...inboxOf(owner, now), readAt: null }).exec(),
    );
  }

  async after(
    owner: InboxOwner,
    position: InboxPosition,
    limit: number,
    now: Date,
  ): Promise<readonly Notification[]> {
    const docs = await this.find(
      { ...inboxOf(owner, now), ...beyond(position, '$gt') },
      OLDEST_FIRST,
      limit,
    );
    return docs.map(toNotification);
  }

  async markRead(
    owner: InboxOwner,
    id: string,
    at: Date,
  ): Promise<{ notification: Notification; changed: boolean } | undefined> {
    const { modifiedCount } = await withMongo(() =>
      this.notifications
        .updateOne({ ...inboxOf(owner, at), _id: id, readAt: null }, { $set: { readAt: at } })
        .exec(),
    );
    const notification = await this.get(owner, id, at);
    return notification ? { notification, changed: modifiedCount > 0 } : undefined;
  }

  async markAllRead(owner: InboxOwner, at: Date): Promise<readonly Notification[]> {
    const unread = await this.find({ ...inboxOf(owner, at), readAt: null }, OLDEST_FIRST);
    if (unread.length === 0) return [];
    const ids = unread.map((doc) => doc._id);
    await withMongo(() =>
      this.notifications
        .updateMany({ _id: { $in: ids }, readAt: null }, { $set: { readAt: at } })
        .exec(),
    );
    // Those a concurrent read took first keep its readAt and are not counted twice.
    const changed = await this.find({ _id: { $in: ids }, readAt: at }, OLDEST_FIRST);
    return changed.map(toNotification);
  }

  async delete(owner: InboxOwner, id: string): Promise<boolean> {
    const { deletedCount } = await withMongo(() =>
      this.notifications.deleteOne({ appId: owner.appId, userId: owner.userId, _id: id }).exec(),
    );
    return deletedCount > 0;
  }

  async purgeExpired(now: Date): Promise<number> {
    const { deletedCount } = await withMongo(() =>
      this.notifications.deleteMany({ expiresAt: { $lte: now } }).exec(),
    );
    return deletedCount;
  }

  private async findOne(
    filter: FilterQuery<NotificationDocument>,
  ): Promise<Notification | undefined> {
    const doc = await withMongo(() =>
      this.notifications.findOne(filter).lean<NotificationDocument>().exec(),
    );
    return doc ? toNotification(doc) : undefined;
  }

  private find(
    filter: FilterQuery<NotificationDocument>,
    sort: Readonly<Record<string, 1 | -1>>,
    limit?: number,
  ): Promise<NotificationDocument[]> {
    return withMongo(() => {
      const query = this.notifications.find(filter).sort({ ...sort });
      return (limit === undefined ? query : query.limit(limit))
        .lean<NotificationDocument[]>()
        .exec();
    });
  }
}
