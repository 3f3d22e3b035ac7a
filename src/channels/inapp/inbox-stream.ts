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
import { eventText, type SseConnection } from './sse-connection';

export interface InboxStreamTiming {
  /** A comment this often keeps proxies and load balancers from closing an idle stream. */
  readonly keepAliveMs: number;
  /**
   * How far back a catch-up read looks before the newest event sent, for notifications whose
   * write landed after a later one's (instances' clocks and writes do not line up exactly).
   */
  readonly lookBackMs: number;
}

export const INBOX_STREAM_TIMING = Symbol('INBOX_STREAM_TIMING');
export const INBOX_STREAM_LIMITS = Symbol('INBOX_STREAM_LIMITS');

/** When a refused client may try again: streams end as users leave, not on a schedule. */
const FULL_RETRY_AFTER_SECONDS = 30;

export const DEFAULT_STREAM_TIMING: InboxStreamTiming = {
  keepAliveMs: 15_000,
  lookBackMs: 30_000,
};

const PAGE = 100;

/** Streams that read the store at once after the relay's gap, so that they do not flood it. */
const CATCH_UP_BATCH = 20;

/** Each notification's event, written once however many streams of its user send it. */
const notificationEvents = new WeakMap<Notification, string>();

function notificationEvent(notification: Notification): string {
  let text = notificationEvents.get(notification);
  if (text === undefined) {
    text = eventText(
      timePositionText(notification),
      'notification',
      NotificationDto.of(notification),
    );
    notificationEvents.set(notification, text);
  }
  return text;
}

/**
 * One open stream. Everything it writes goes through one chain, so a catch-up read of the
 * store and live notices never interleave; each notification is sent once (by id).
 */
class InboxStreamSession {
  private chain: Promise<void> = Promise.resolve();
  /** Ids sent within the look-back window, by creation time. */
  private readonly sent = new Map<string, number>();
  private newest: InboxPosition;
  private readonly clocks: NodeJS.Timeout[] = [];
  private idle?: NodeJS.Timeout;

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

  /**
   * Keep-alive comments, and the two ends of a stream: after its maximum lifetime, and once it
   * sent no notification for the idle time (comments do not count), so that no stream holds
   * its socket for ever. A client still there reconnects with Last-Event-ID and misses nothing.
   */
  startClocks(limits: StreamLimits): void {
    const close = (): void => {
      this.connection.end();
    };
    this.idle = setTimeout(close, limits.idleSeconds * 1000);
    this.clocks.push(
      setInterval(() => {
        this.connection.comment('keep-alive');
      }, this.timing.keepAliveMs),
      setTimeout(close, limits.maxLifetimeSeconds * 1000),
      this.idle,
    );
  }

  stopClocks(): void {
    for (const clock of this.clocks) clearTimeout(clock);
  }

  /** Whatever the store holds after the floor (or the look-back) that was not sent yet. */
  catchUp(): Promise<void> {
    return this.enqueue(() => this.readStore());
  }

  offer(notification: Notification): void {
    void this.enqueue(() => {
      this.send(notification);
      return Promise.resolve();
    });
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
    this.connection.event(notificationEvent(notification));
    this.idle?.refresh();
    this.sent.set(notification.id, notification.createdAt.getTime());
    if (comparePositions(OLDEST_FIRST, notification, this.newest) > 0) this.newest = notification;
    this.forgetOld();
  }

  private forgetOld(): void {
    const horizon = this.newest.createdAt.getTime() - 2 * this.timing.lookBackMs;
    for (const [id, createdAt] of this.sent) if (createdAt < horizon) this.sent.delete(id);
  }

  /** Settles when the task has run; a failure is logged, never thrown. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      // The stream stays open: the client's next reconnect reads the store again.
      this.logger.warn({ err: error }, 'reading the inbox for a stream failed');
    });
    return this.chain;
  }
}

/**
 * Open inbox streams of this instance. A new notification is pushed to them through the feed,
 * whichever instance stored it; no stream reads the store on a timer. The store is read only
 * to replay what came after a client's Last-Event-ID and after the relay lost its connection.
 *
 * Bounded: an app holds at most `maxPerApp` open streams and the process `maxPerProcess`, so
 * that one key cannot take every socket; past either, a new stream is 429. An app's backend
 * may hold one stream per signed-in user, hence no small cap per key. A stream ends after
 * `maxLifetimeSeconds`, and after `idleSeconds` without a notification.
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
  ) {
    feed.onResumed(() => {
      void this.catchUpAll();
    });
  }

  /**
   * Streams the owner's notifications after `since` (Last-Event-ID), else from now on.
   * Throws RateLimited when the app or the process holds as many streams as it may.
   */
  async start(
    owner: InboxOwner,
    since: InboxPosition | undefined,
    connection: SseConnection,
  ): Promise<void> {
    this.admit(owner.appId);
    await this.feed.listening();
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
    // Subscribed before the store is read: a notification stored meanwhile is pushed too, and
    // sent once whichever way reaches the stream first.
    const unsubscribe = this.feed.subscribe(owner, (notification) => {
      session.offer(notification);
    });
    this.open.add(session);
    connection.onClose(() => {
      unsubscribe();
      session.stopClocks();
      this.open.delete(session);
      this.countApp(owner.appId, -1);
    });
    connection.open();
    session.startClocks(this.limits);
    if (since) void session.catchUp();
  }

  /** Open streams of this process (bench:streams checks it holds every stream it opened). */
  get size(): number {
    return this.open.size;
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

  /** After the relay's gap: each stream reads what it may have missed, a few at a time. */
  private async catchUpAll(): Promise<void> {
    const sessions = [...this.open];
    for (let start = 0; start < sessions.length; start += CATCH_UP_BATCH) {
      await Promise.all(
        sessions.slice(start, start + CATCH_UP_BATCH).map((session) => session.catchUp()),
      );
    }
  }

  /** Open streams end before the server closes: it would otherwise wait for them forever. */
  onModuleDestroy(): void {
    for (const session of this.open) session.close();
  }
}
