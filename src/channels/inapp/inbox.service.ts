import { Injectable } from '@nestjs/common';
import { AppsService } from '../../identity/apps.service';
import { actingApp } from '../../identity/acting-app';
import type { Principal } from '../../identity/principal';
import { Clock } from '../../common/clock/clock';
import { NotFound, ValidationFailed } from '../../common/errors/api-error';
import { parseTimePosition, plainCursors } from '../../common/http/cursor';
import { MessageLog } from '../../message-log/message-log';
import type { InboxOwner, Notification } from './inbox.model';
import type { InboxPage } from './inbox.store';
import { InboxStore } from './inbox.store';
import { InboxStreams } from './inbox-stream';
import type { SseConnection } from './sse-connection';
import type { ListInboxQuery } from './inbox.dto';

const DEFAULT_PAGE_SIZE = 20;
const EVENT_BATCH = 20;

export interface InboxList {
  readonly page: InboxPage;
  readonly unreadCount: number;
  readonly nextCursor?: string;
}

const notFound = (id: string): NotFound => new NotFound(`No notification ${id}.`);

/**
 * Users' inboxes: an API key reads and changes its own app's (service-to-service, for the
 * app's front end), an admin token any app's, naming it with `appId`.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly store: InboxStore,
    private readonly messages: MessageLog,
    private readonly apps: AppsService,
    private readonly streams: InboxStreams,
    private readonly clock: Clock,
  ) {}

  /** The inbox a caller asks for: its key's app, or the app an admin names. */
  async ownerFor(
    principal: Principal,
    userId: string,
    appId: string | undefined,
  ): Promise<InboxOwner> {
    const app = await actingApp(principal, appId, this.apps, { what: 'inboxes' });
    return { appId: app.appId, userId };
  }

  async list(principal: Principal, userId: string, query: ListInboxQuery): Promise<InboxList> {
    const owner = await this.ownerFor(principal, userId, query.appId);
    const before = plainCursors.decodeTime(query.cursor);
    const now = this.clock.now();
    const [page, unreadCount] = await Promise.all([
      this.store.list(
        owner,
        {
          ...(query.unread ? { unread: true } : {}),
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          ...(before ? { before } : {}),
        },
        now,
      ),
      this.store.unreadCount(owner, now),
    ]);
    return page.next
      ? { page, unreadCount, nextCursor: plainCursors.encodeTime(page.next) }
      : { page, unreadCount };
  }

  /** Marks it read; the first read also becomes a `read` event of its message. */
  async read(
    principal: Principal,
    userId: string,
    id: string,
    appId: string | undefined,
  ): Promise<Notification> {
    const owner = await this.ownerFor(principal, userId, appId);
    const now = this.clock.now();
    const marked = await this.store.markRead(owner, id, now);
    if (!marked) throw notFound(id);
    if (marked.changed) await this.recordRead([marked.notification], now);
    return marked.notification;
  }

  async readAll(
    principal: Principal,
    userId: string,
    appId: string | undefined,
  ): Promise<{ marked: number; unreadCount: number }> {
    const owner = await this.ownerFor(principal, userId, appId);
    const now = this.clock.now();
    const changed = await this.store.markAllRead(owner, now);
    await this.recordRead(changed, now);
    return { marked: changed.length, unreadCount: await this.store.unreadCount(owner, now) };
  }

  async remove(
    principal: Principal,
    userId: string,
    id: string,
    appId: string | undefined,
  ): Promise<void> {
    const owner = await this.ownerFor(principal, userId, appId);
    if (!(await this.store.delete(owner, id))) throw notFound(id);
  }

  /** Opens the stream of the inbox: what came after `lastEventId` (a reconnect), then live. */
  async stream(
    principal: Principal,
    userId: string,
    appId: string | undefined,
    lastEventId: string | undefined,
    connection: SseConnection,
  ): Promise<void> {
    const owner = await this.ownerFor(principal, userId, appId);
    // HTTP takes the blanks around a header value off already.
    const text = lastEventId ?? '';
    const since = text === '' ? undefined : parseTimePosition(text);
    if (text !== '' && !since) {
      throw new ValidationFailed([
        {
          field: 'Last-Event-ID',
          code: 'invalid_last_event_id',
          message: 'Last-Event-ID must be the id of an event this stream sent',
        },
      ]);
    }
    await this.streams.start(owner, since, connection);
  }

  /** A few at a time: a read-all of a long inbox must not flood the database. */
  private async recordRead(read: readonly Notification[], now: Date): Promise<void> {
    for (let start = 0; start < read.length; start += EVENT_BATCH) {
      await Promise.all(
        read
          .slice(start, start + EVENT_BATCH)
          .map((notification) =>
            this.messages.appendEvents(
              notification.messageId,
              [{ type: 'read', at: notification.readAt ?? now, recipient: notification.userId }],
              now,
            ),
          ),
      );
    }
  }
}
