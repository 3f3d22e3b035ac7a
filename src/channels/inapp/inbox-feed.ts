import { Injectable } from '@nestjs/common';
import { ProcessRelay } from '../../common/redis/process-relay';
import type { InboxOwner, Notification } from './inbox.model';

/** The relay channel every instance's stored notifications go through. */
const CHANNEL = 'switchboard:inbox';

/** A user id never holds a space (USER_ID_PATTERN), so the pair maps to one key. */
const topic = (owner: InboxOwner): string => `${owner.appId} ${owner.userId}`;

type Listener = (notification: Notification) => void;

/**
 * Listeners told at once, before the event loop serves anything else: a user with many open
 * streams is told in slices, so that liveness and other requests wait one slice at most.
 */
const SLICE = 250;

/**
 * Stored notifications, pushed to the open streams of every instance: each one is published
 * once, to this process's listeners at once and to the other instances through the relay
 * (Redis pub/sub when REDIS_URL is set). Streams are told; none reads the store to find out.
 */
@Injectable()
export class InboxFeed {
  private readonly topics = new Map<string, Set<Listener>>();
  private readonly resumedListeners: (() => void)[] = [];
  private relayed?: Promise<void>;

  constructor(private readonly relay: ProcessRelay) {}

  published(notification: Notification): void {
    this.tell(notification);
    this.relay.publish(CHANNEL, JSON.stringify(notification));
  }

  /** Calls `listener` with each notification of the owner; answers how to stop. */
  subscribe(owner: InboxOwner, listener: Listener): () => void {
    const name = topic(owner);
    const listeners = this.topics.get(name) ?? new Set<Listener>();
    this.topics.set(name, listeners.add(listener));
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.topics.get(name) === listeners) this.topics.delete(name);
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
      resumed: () => {
        for (const listener of this.resumedListeners) listener();
      },
    });
    return this.relayed;
  }

  /** Calls `listener` after a gap in which other instances' notifications may have been lost. */
  onResumed(listener: () => void): void {
    this.resumedListeners.push(listener);
  }

  /** Listeners of the owner's notifications (to see that closed streams let go). */
  listeners(owner: InboxOwner): number {
    return this.topics.get(topic(owner))?.size ?? 0;
  }

  private tell(notification: Notification): void {
    const listeners = this.topics.get(topic(notification));
    if (listeners) tellSlices([...listeners], notification, 0);
  }
}

function tellSlices(
  listeners: readonly Listener[],
  notification: Notification,
  from: number,
): void {
  const end = Math.min(listeners.length, from + SLICE);
  for (let index = from; index < end; index += 1) listeners[index]?.(notification);
  if (end < listeners.length) {
    setImmediate(() => {
      tellSlices(listeners, notification, end);
    });
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
