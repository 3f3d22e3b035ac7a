import { Schema } from 'mongoose';
import type { IndexDefinition } from '../../common/database/ensure-indexes';
import type { Notification } from './inbox.model';

/** MongoDB documents of notifications; only `MongoInboxStore` sees these. */
export interface NotificationDocument extends Omit<Notification, 'id' | 'readAt'> {
  readonly _id: string;
  /** Null while unread, so that "unread" is one indexed equality on every server. */
  readonly readAt: Date | null;
}

export const NOTIFICATION_MODEL = 'InboxNotification';

/** Created at start-up; a server may refuse some (FerretDB 1.24 has no TTL indexes). */
export const NOTIFICATION_INDEXES: readonly IndexDefinition[] = [
  { key: { appId: 1, userId: 1, createdAt: -1, _id: -1 }, options: { name: 'inbox_newest' } },
  { key: { appId: 1, userId: 1, readAt: 1 }, options: { name: 'inbox_unread' } },
  { key: { messageId: 1 }, options: { name: 'one_per_message', unique: true } },
  { key: { expiresAt: 1 }, options: { name: 'retention_ttl', expireAfterSeconds: 0 } },
];

export const NotificationSchema = new Schema<NotificationDocument>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    userId: { type: String, required: true },
    messageId: { type: String, required: true },
    subject: { type: String },
    body: { type: String, required: true },
    metadata: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'inbox_notifications', versionKey: false, autoIndex: false, minimize: false },
);
