import type { KeysetPage } from '../../common/database/keyset';
import type { InboxOwner, InboxPosition, Notification } from './inbox.model';

export interface InboxQuery {
  /** Only notifications not read yet. */
  readonly unread?: boolean;
  readonly limit: number;
  /** Newest first: the page starts after this position (exclusive). */
  readonly before?: InboxPosition;
}

export type InboxPage = KeysetPage<Notification, InboxPosition>;

/**
 * Persistence of in-app notifications. Two adapters, MongoDB and memory, pass one contract
 * suite (test/stores/inbox-store.contract.ts). Every read and change names the owner (app
 * and user), so one app never reaches another's notifications; notifications past their
 * `expiresAt` are never answered, whether or not they were purged yet.
 */
export abstract class InboxStore {
  /**
   * Stores a notification. One per message: when the message already has one (a send that
   * was retried after the first store), that one is answered and nothing new is written.
   */
  abstract save(notification: Notification): Promise<Notification>;

  abstract get(owner: InboxOwner, id: string, now: Date): Promise<Notification | undefined>;
  /** Newest first. */
  abstract list(owner: InboxOwner, query: InboxQuery, now: Date): Promise<InboxPage>;
  abstract unreadCount(owner: InboxOwner, now: Date): Promise<number>;
  /** Stored after `position`, oldest first: what a stream that saw `position` has not seen. */
  abstract after(
    owner: InboxOwner,
    position: InboxPosition,
    limit: number,
    now: Date,
  ): Promise<readonly Notification[]>;

  /**
   * Marks one read; `changed` tells whether it was unread until now (a second read keeps the
   * first `readAt`). Undefined when there is no such notification.
   */
  abstract markRead(
    owner: InboxOwner,
    id: string,
    at: Date,
  ): Promise<{ readonly notification: Notification; readonly changed: boolean } | undefined>;
  /** Marks every unread notification read; answers those that changed. */
  abstract markAllRead(owner: InboxOwner, at: Date): Promise<readonly Notification[]>;
  /** False when there was no such notification. */
  abstract delete(owner: InboxOwner, id: string): Promise<boolean>;

  /** Deletes notifications whose retention ended; returns how many. */
  abstract purgeExpired(now: Date): Promise<number>;
}
