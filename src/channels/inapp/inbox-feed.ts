import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { ProcessRelay } from '../../common/redis/process-relay';
import type { InboxOwner, Notification } from './inbox.model';

/** The relay channel every instance's stored notifications go through. */
const CHANNEL = 'switchboard:inbox';

/** A user id never holds a space (USER_ID_PATTERN), so the pair maps to one event name. */
const topic = (owner: InboxOwner): string => `${owner.appId} ${owner.userId}`;

/** Not a topic: topics hold a space. */
const RESUMED = 'resumed';

/**
 * Stored notifications, pushed to the open streams of every instance: each one is published
 * once, to this process's listeners at once and to the other instances through the relay
 * (Redis pub/sub when REDIS_URL is set). Streams are told; none reads the store to find out.
 */
@Injectable()
export class InboxFeed {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private relayed?: Promise<void>;

  constructor(private readonly relay: ProcessRelay) {}

  published(notification: Notification): void {
    this.tell(notification);
    this.relay.publish(CHANNEL, JSON.stringify(notification));
  }

  /** Calls `listener` with each notification of the owner; answers how to stop. */
  subscribe(owner: InboxOwner, listener: (notification: Notification) => void): () => void {
    const name = topic(owner);
    this.emitter.on(name, listener);
    return () => {
      this.emitter.off(name, listener);
    };
  }

  /**
   * Resolves once other instances' notifications are heard too (at once without Redis). The
   * relay is listened to from the first stream on, so instances that hold none do not.
   */
  listening(): Promise<void> {
    this.relayed ??= this.relay.listen(CHANNEL, {
      message: (text) => {
        const notification = notificationOf(text);
        if (notification) this.tell(notification);
      },
      resumed: () => this.emitter.emit(RESUMED),
    });
    return this.relayed;
  }

  /** Calls `listener` after a gap in which other instances' notifications may have been lost. */
  onResumed(listener: () => void): void {
    this.emitter.on(RESUMED, listener);
  }

  /** Listeners of the owner's notifications (to see that closed streams let go). */
  listeners(owner: InboxOwner): number {
    return this.emitter.listenerCount(topic(owner));
  }

  private tell(notification: Notification): void {
    this.emitter.emit(topic(notification), notification);
  }
}

const DATE_FIELDS = ['createdAt', 'expiresAt', 'readAt'] as const;

/** A notification as `published` relayed it (JSON: dates are strings), or undefined if not one. */
function notificationOf(text: string): Notification | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  for (const name of ['id', 'appId', 'userId', 'messageId', 'body', 'createdAt', 'expiresAt']) {
    if (typeof fields[name] !== 'string') return undefined;
  }
  const dates: Partial<Record<(typeof DATE_FIELDS)[number], Date>> = {};
  for (const name of DATE_FIELDS) {
    if (typeof fields[name] === 'string') dates[name] = new Date(fields[name]);
  }
  return { ...(value as Notification), ...dates };
}
