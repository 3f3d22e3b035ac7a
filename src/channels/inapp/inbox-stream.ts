import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { StreamLimits } from '../../common/config/limits';
import { RateLimited } from '../../common/errors/api-error';
import type { InboxOwner, InboxPosition, Notification } from './inbox.model';
import { InboxFeed } from './inbox-feed';
import { comparePositions, OLDEST_FIRST } from '../../common/database/keyset';
import { timePositionText } from '../../common/http/cursor';
import { InboxStore } from './inbox.store';
import { NotificationDto } from './inbox.dto';
import type { SseConnection } from './sse-connection';

export interface InboxStreamTiming {
  /** A comment this often keeps proxies and load balancers from closing an idle stream. */
  readonly keepAliveMs: number;
  /** The store is read this often for notifications another instance stored. */
  readonly pollMs: number;
  /**
   * How far back a poll looks before the newest event sent, for notifications whose write
   * landed after a later one's (instances' clocks and writes do not line up exactly).
   */
  readonly lookBackMs: number;
}

export const INBOX_STREAM_TIMING = Symbol('INBOX_STREAM_TIMING');
export const INBOX_STREAM_LIMITS = Symbol('INBOX_STREAM_LIMITS');

/** When a refused client may try again: streams end as users leave, not on a schedule. */
const FULL_RETRY_AFTER_SECONDS = 30;

export const DEFAULT_STREAM_TIMING: InboxStreamTiming = {
  keepAliveMs: 15_000,
  pollMs: 5_000,
  lookBackMs: 30_000,
};

const PAGE = 100;

/**
 * One open stream. Everything it writes goes through one chain, so the replay after a
 * reconnect, live notices and polls never interleave; each notification is sent once.
 */
class InboxStreamSession {
  private chain: Promise<void> = Promise.resolve();
  /** Ids sent within the look-back window, by creation time. */
  private readonly sent = new Map<string, number>();
  private newest: InboxPosition;
  private polling = false;

  constructor(
    private readonly owner: InboxOwner,
    private readonly connection: SseConnection,
    private readonly store: InboxStore,
    private readonly clock: Clock,
    private readonly timing: InboxStreamTiming,
    /** Nothing at or before this is sent: the client's Last-Event-ID, or the time it came. */
    private readonly floor: InboxPosition,
    private readonly logger: Logger,
  ) {
    this.newest = floor;
  }

  /** What was stored after the floor, then whatever the store holds beyond what was sent. */
  catchUp(): void {
    if (this.polling) return;
    this.polling = true;
    this.enqueue(async () => {
      try {
        await this.readStore();
      } finally {
        this.polling = false;
      }
    });
  }

  offer(notification: Notification): void {
    this.enqueue(() => {
      this.send(notification);
      return Promise.resolve();
    });
  }

  keepAlive(): void {
    this.connection.comment('keep-alive');
  }

  close(): void {
    this.connection.end();
  }

  private async readStore(): Promise<void> {
    const lookBack = new Date(this.newest.createdAt.getTime() - this.timing.lookBackMs);
    let from: InboxPosition =
      lookBack > this.floor.createdAt ? { createdAt: lookBack, id: '' } : this.floor;
    for (;;) {
      const page = await this.store.after(this.owner, from, PAGE, this.clock.now());
      for (const notification of page) this.send(notification);
      const last = page.at(-1);
      if (page.length < PAGE || !last || this.connection.closed) return;
      from = last;
    }
  }

  private send(notification: Notification): void {
    if (
      this.sent.has(notification.id) ||
      comparePositions(OLDEST_FIRST, notification, this.floor) <= 0
    )
      return;
    this.connection.event(
      timePositionText(notification),
      'notification',
      NotificationDto.of(notification),
    );
    this.sent.set(notification.id, notification.createdAt.getTime());
    if (comparePositions(OLDEST_FIRST, notification, this.newest) > 0) this.newest = notification;
    this.forgetOld();
  }

  private forgetOld(): void {
    const horizon = this.newest.createdAt.getTime() - 2 * this.timing.lookBackMs;
    for (const [id, createdAt] of this.sent) if (createdAt < horizon) this.sent.delete(id);
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      // The stream stays open: the next poll tries again.
      this.logger.warn({ err: error }, 'reading the inbox for a stream failed');
    });
  }
}

/**
 * Open inbox streams of this instance. A new notification reaches them at once through the
 * in-process feed when this instance stored it; one stored by another instance (whose worker
 * took the send) arrives with the next poll of the store.
 *
 * Bounded: an app holds at most `maxPerApp` open streams and the process `maxPerProcess`, so
 * that one key cannot take every socket and timer; past either, a new stream is 429. An app's
 * backend may hold one stream per signed-in user, hence no small cap per key. A stream ends
 * after `maxLifetimeSeconds`.
 */
@Injectable()
export class InboxStreams implements OnModuleDestroy {
  private readonly logger = new Logger(InboxStreams.name);
  private readonly open = new Set<InboxStreamSession>();
  private readonly openPerApp = new Map<string, number>();

  constructor(
    private readonly store: InboxStore,
    private readonly feed: InboxFeed,
    private readonly clock: Clock,
    @Inject(INBOX_STREAM_TIMING) private readonly timing: InboxStreamTiming,
    @Inject(INBOX_STREAM_LIMITS) private readonly limits: StreamLimits,
  ) {}

  /**
   * Streams the owner's notifications after `since` (Last-Event-ID), else from now on.
   * Throws RateLimited when the app or the process holds as many streams as it may.
   */
  start(owner: InboxOwner, since: InboxPosition | undefined, connection: SseConnection): void {
    this.admit(owner.appId);
    const floor = since ?? { createdAt: this.clock.now(), id: '' };
    const session = new InboxStreamSession(
      owner,
      connection,
      this.store,
      this.clock,
      this.timing,
      floor,
      this.logger,
    );
    const unsubscribe = this.feed.subscribe(owner, (notification) => {
      session.offer(notification);
    });
    const keepAlive = setInterval(() => {
      session.keepAlive();
    }, this.timing.keepAliveMs);
    const poll = setInterval(() => {
      session.catchUp();
    }, this.timing.pollMs);
    // Ended after its lifetime, so that no stream holds its socket and timers for ever; the
    // client reconnects with Last-Event-ID and misses nothing.
    const lifetime = setTimeout(() => {
      session.close();
    }, this.limits.maxLifetimeSeconds * 1000);
    this.open.add(session);
    connection.onClose(() => {
      unsubscribe();
      clearTimeout(lifetime);
      clearInterval(keepAlive);
      clearInterval(poll);
      this.open.delete(session);
      this.countApp(owner.appId, -1);
    });
    connection.open();
    if (since) session.catchUp();
  }

  private admit(appId: string): void {
    const ofApp = this.openPerApp.get(appId) ?? 0;
    if (ofApp >= this.limits.maxPerApp || this.open.size >= this.limits.maxPerProcess) {
      throw new RateLimited(FULL_RETRY_AFTER_SECONDS);
    }
    this.countApp(appId, 1);
  }

  private countApp(appId: string, change: number): void {
    const count = (this.openPerApp.get(appId) ?? 0) + change;
    if (count > 0) this.openPerApp.set(appId, count);
    else this.openPerApp.delete(appId);
  }

  /** Open streams end before the server closes: it would otherwise wait for them forever. */
  onModuleDestroy(): void {
    for (const session of this.open) session.close();
  }
}
