import { Injectable } from '@nestjs/common';
import type { InboxOwner, InboxPosition, Notification } from './inbox.model';
import { comparePositions } from './inbox-position';
import { type InboxPage, type InboxQuery, InboxStore } from './inbox.store';

const newestFirst = (a: Notification, b: Notification): number => comparePositions(b, a);

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
    const { before } = query;
    const matches = this.inbox(owner, now)
      .filter((n) => !query.unread || n.readAt === undefined)
      .filter((n) => before === undefined || comparePositions(n, before) < 0)
      .sort(newestFirst);
    const items = matches.slice(0, query.limit);
    const last = items.at(-1);
    return Promise.resolve(
      matches.length > query.limit && last
        ? { items, next: { createdAt: last.createdAt, id: last.id } }
        : { items },
    );
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
    const later = this.inbox(owner, now)
      .filter((n) => comparePositions(n, position) > 0)
      .sort((a, b) => comparePositions(a, b));
    return Promise.resolve(later.slice(0, limit));
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
