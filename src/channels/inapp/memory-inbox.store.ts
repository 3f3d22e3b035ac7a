import { Injectable } from '@nestjs/common';
import type { InboxOwner, InboxPosition, Notification } from './inbox.model';
import { NEWEST_FIRST, OLDEST_FIRST, pageOf, timePositionOf } from '../../common/database/keyset';
import { type InboxPage, type InboxQuery, InboxStore } from './inbox.store';

/** The embedded default: one process's notifications, gone when it stops. */
@Injectable()
export class MemoryInboxStore extends InboxStore {
  private readonly notifications = new Map<string, Notification>();

  save(notification: Notification): Promise<Notification> {
    const existing = [...this.notifications.values()].find(
      (stored) => stored.messageId === notification.messageId,
    );
    if (existing) return Promise.resolve(existing);
    this.notifications.set(notification.id, notification);
    return Promise.resolve(notification);
  }

  get(owner: InboxOwner, id: string, now: Date): Promise<Notification | undefined> {
    const found = this.notifications.get(id);
    return Promise.resolve(found && this.visible(owner, found, now) ? found : undefined);
  }

  list(owner: InboxOwner, query: InboxQuery, now: Date): Promise<InboxPage> {
    const matches = this.inbox(owner, now).filter((n) => !query.unread || n.readAt === undefined);
    const page = { limit: query.limit, after: query.before };
    return Promise.resolve(pageOf(matches, NEWEST_FIRST, page, timePositionOf));
  }

  unreadCount(owner: InboxOwner, now: Date): Promise<number> {
    return Promise.resolve(this.inbox(owner, now).filter((n) => n.readAt === undefined).length);
  }

  after(
    owner: InboxOwner,
    position: InboxPosition,
    limit: number,
    now: Date,
  ): Promise<readonly Notification[]> {
    const page = pageOf(
      this.inbox(owner, now),
      OLDEST_FIRST,
      { limit, after: position },
      timePositionOf,
    );
    return Promise.resolve(page.items);
  }

  markRead(
    owner: InboxOwner,
    id: string,
    at: Date,
  ): Promise<{ notification: Notification; changed: boolean } | undefined> {
    const found = this.notifications.get(id);
    if (!found || !this.visible(owner, found, at)) return Promise.resolve(undefined);
    if (found.readAt !== undefined) return Promise.resolve({ notification: found, changed: false });
    const read = { ...found, readAt: at };
    this.notifications.set(id, read);
    return Promise.resolve({ notification: read, changed: true });
  }

  markAllRead(owner: InboxOwner, at: Date): Promise<readonly Notification[]> {
    const read = this.inbox(owner, at)
      .filter((n) => n.readAt === undefined)
      .map((n) => ({ ...n, readAt: at }));
    for (const notification of read) this.notifications.set(notification.id, notification);
    return Promise.resolve(read);
  }

  delete(owner: InboxOwner, id: string): Promise<boolean> {
    const found = this.notifications.get(id);
    if (!found || found.appId !== owner.appId || found.userId !== owner.userId) {
      return Promise.resolve(false);
    }
    this.notifications.delete(id);
    return Promise.resolve(true);
  }

  purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [id, notification] of this.notifications) {
      if (notification.expiresAt > now) continue;
      this.notifications.delete(id);
      purged += 1;
    }
    return Promise.resolve(purged);
  }

  private inbox(owner: InboxOwner, now: Date): Notification[] {
    return [...this.notifications.values()].filter((n) => this.visible(owner, n, now));
  }

  private visible(owner: InboxOwner, notification: Notification, now: Date): boolean {
    return (
      notification.appId === owner.appId &&
      notification.userId === owner.userId &&
      notification.expiresAt > now
    );
  }
}
