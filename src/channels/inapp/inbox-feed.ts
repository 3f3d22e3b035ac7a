import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { InboxOwner, Notification } from './inbox.model';

/** A user id never holds a space (USER_ID_PATTERN), so the pair maps to one event name. */
const topic = (owner: InboxOwner): string => `${owner.appId} ${owner.userId}`;

/**
 * In-process notices of stored notifications, so open streams of this instance push them at
 * once. Another instance's notifications reach streams through the store (they poll it).
 */
@Injectable()
export class InboxFeed {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  published(notification: Notification): void {
    this.emitter.emit(topic(notification), notification);
  }

  /** Calls `listener` with each notification of the owner; answers how to stop. */
  subscribe(owner: InboxOwner, listener: (notification: Notification) => void): () => void {
    const name = topic(owner);
    this.emitter.on(name, listener);
    return () => {
      this.emitter.off(name, listener);
    };
  }

  /** Listeners of the owner's notifications (to see that closed streams let go). */
  listeners(owner: InboxOwner): number {
    return this.emitter.listenerCount(topic(owner));
  }
}
