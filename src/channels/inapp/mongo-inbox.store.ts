import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { ensureIndexes } from '../../common/database/ensure-indexes';
import { NEWEST_FIRST, OLDEST_FIRST, timePositionOf } from '../../common/database/keyset';
import { findPage, sortOf } from '../../common/database/mongo-keyset';
import { insertUnlessTaken, withMongo } from '../../common/database/mongo-errors';
import { DuplicateKeyError } from '../../common/database/persistence-errors';
import type { InboxOwner, InboxPosition, Notification } from './inbox.model';
import {
  NOTIFICATION_INDEXES,
  NOTIFICATION_MODEL,
  type NotificationDocument,
} from './inbox.schema';
import { type InboxPage, type InboxQuery, InboxStore } from './inbox.store';

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
    if (await insertUnlessTaken(this.notifications, toDocument(notification))) return notification;
    const existing = await this.findOne({ messageId: notification.messageId });
    // The id was taken, not the message's one notification.
    if (!existing) throw new DuplicateKeyError();
    return existing;
  }

  get(owner: InboxOwner, id: string, now: Date): Promise<Notification | undefined> {
    return this.findOne({ ...inboxOf(owner, now), _id: id });
  }

  list(owner: InboxOwner, query: InboxQuery, now: Date): Promise<InboxPage> {
    const filter: FilterQuery<NotificationDocument> = {
      ...inboxOf(owner, now),
      ...(query.unread ? { readAt: null } : {}),
    };
    const page = { limit: query.limit, after: query.before };
    return findPage(
      this.notifications,
      { filter, order: NEWEST_FIRST, page },
      toNotification,
      timePositionOf,
    );
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
    const page = await findPage(
      this.notifications,
      { filter: inboxOf(owner, now), order: OLDEST_FIRST, page: { limit, after: position } },
      toNotification,
      timePositionOf,
    );
    return page.items;
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
    const unread = await this.find({ ...inboxOf(owner, at), readAt: null });
    if (unread.length === 0) return [];
    const ids = unread.map((doc) => doc._id);
    await withMongo(() =>
      this.notifications
        .updateMany({ _id: { $in: ids }, readAt: null }, { $set: { readAt: at } })
        .exec(),
    );
    // Those a concurrent read took first keep its readAt and are not counted twice.
    const changed = await this.find({ _id: { $in: ids }, readAt: at });
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

  /** Oldest first. */
  private find(filter: FilterQuery<NotificationDocument>): Promise<NotificationDocument[]> {
    return withMongo(() =>
      this.notifications
        .find(filter)
        .sort(sortOf(OLDEST_FIRST))
        .lean<NotificationDocument[]>()
        .exec(),
    );
  }
}
