import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Conflict, NotFound, ValidationFailed } from '../../common/errors/api-error';
import { keyOwnApp } from '../../identity/acting-app';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { Clock } from '../../common/clock/clock';
import { CursorCodec } from '../../common/http/cursor';
import type { Principal } from '../../identity/principal';
import type { Channel } from '../../contract/channel';
import type { Message } from '../../message-log/message.model';
import { MessageLog, type MessagePage, type MessageQuery } from '../../message-log/message-log';
import { StatusAnnouncer } from '../../dispatch/status-announcer';
import { CallbackOutbox, type CallbackRecord } from '../../dispatch/callbacks/callback-outbox';
import { StatusNotifier } from '../../dispatch/callbacks/status-notifier';
import { CONTENT_PAGE_LIMIT, type ListMessagesQuery } from './list-messages.query';

const DEFAULT_LIMIT = 20;

/** One message with the status callbacks made of it. */
export interface MessageView {
  readonly message: Message;
  readonly callbacks: readonly CallbackRecord[];
}

/** The page size asked for, or the default; pages with content are smaller. */
function pageLimit(filters: ListMessagesQuery): number {
  if (filters.include !== 'content') return filters.limit ?? DEFAULT_LIMIT;
  const limit = filters.limit ?? CONTENT_PAGE_LIMIT;
  if (limit > CONTENT_PAGE_LIMIT) {
    throw new ValidationFailed([
      {
        field: 'limit',
        code: 'limit_too_large',
        message: `limit must not be greater than ${CONTENT_PAGE_LIMIT} with include=content`,
      },
    ]);
  }
  return limit;
}

export interface MessageList {
  readonly page: MessagePage;
  readonly nextCursor?: string;
}

/**
 * The JWT verification setting a cursor key is made of without ENCRYPTION_KEY. Cursors hold a
 * position, not a permission (see `CursorCodec`): their tag only tells the API's own cursors
 * from made-up ones, so a public key or the key set's URL serves where there is no secret.
 */
function jwtMaterial(jwt: Settings['jwt']): string {
  switch (jwt.mode) {
    case 'RS256':
      return jwt.publicKey;
    case 'JWKS':
      return jwt.jwksUrl;
    case 'HS256':
    case 'development':
      return jwt.secret;
  }
}

/** The key that signs cursors: from ENCRYPTION_KEY, else from the JWT verification setting. */
function cursorKey(settings: Settings): Buffer {
  const material = settings.encryptionKey?.toString('hex') ?? jwtMaterial(settings.jwt);
  return createHash('sha256').update('switchboard:cursor:').update(material).digest();
}

/** Reading the message log: one app's for a key, every app's (or one chosen) for a token. */
@Injectable()
export class MessageLogService {
  private readonly cursors: CursorCodec;

  constructor(
    @InjectSettings() settings: Settings,
    private readonly store: MessageLog,
    private readonly announcer: StatusAnnouncer,
    private readonly outbox: CallbackOutbox,
    private readonly notifier: StatusNotifier,
    private readonly clock: Clock,
  ) {
    this.cursors = new CursorCodec(cursorKey(settings));
  }

  async get(principal: Principal, id: string): Promise<MessageView> {
    const message = await this.find(principal, id);
    return { message, callbacks: await this.outbox.forMessage(message.id) };
  }

  /** Sends the message's status callbacks again, each under its first event id; how many. */
  async replayCallbacks(principal: Principal, id: string): Promise<number> {
    const message = await this.find(principal, id);
    return this.notifier.replay(message.id);
  }

  private async find(principal: Principal, id: string): Promise<Message> {
    const message =
      principal.kind === 'apiKey'
        ? await this.store.get({ appId: principal.appId }, id)
        : await this.store.getAcrossApps(id);
    if (!message) throw new NotFound(`No message ${id}.`);
    return message;
  }

  /**
   * The newest message of `channel` the caller gave `reference` (its app's, for a key; any
   * app's, for a token).
   */
  async findByReference(
    principal: Principal,
    channel: Channel,
    reference: string,
  ): Promise<Message> {
    const query = { channel, reference, limit: 1, summary: true };
    const page =
      principal.kind === 'apiKey'
        ? await this.store.list({ appId: principal.appId }, query)
        : await this.store.listAcrossApps(query);
    const found = page.items.at(0);
    if (!found) throw new NotFound(`No ${channel} message with the reference ${reference}.`);
    return (await this.get(principal, found.id)).message;
  }

  async list(principal: Principal, filters: ListMessagesQuery): Promise<MessageList> {
    const query = this.toQuery(filters);
    let page: MessagePage;
    if (principal.kind === 'apiKey') {
      page = await this.store.list(
        keyOwnApp(principal, filters.appId, { what: 'messages' }),
        query,
      );
    } else {
      page = await this.store.listAcrossApps({
        ...query,
        ...(filters.appId ? { appId: filters.appId } : {}),
      });
    }
    const next = page.next;
    return next ? { page, nextCursor: this.cursors.encodeTime(next) } : { page };
  }

  async cancel(principal: Principal, id: string): Promise<Message> {
    const target = await this.find(principal, id);
    const outcome = await this.store.cancel({ appId: target.appId }, id, this.clock.now());
    switch (outcome.kind) {
      case 'not_found':
        throw new NotFound(`No message ${id}.`);
      case 'not_cancelable':
        throw new Conflict(
          `The message is ${outcome.status}; only SCHEDULED, QUEUED or RETRYING messages can be canceled.`,
        );
      case 'canceled':
        this.announcer.statusChanged(outcome.message);
        return outcome.message;
    }
  }

  private toQuery(filters: ListMessagesQuery): MessageQuery {
    const cursor = this.cursors.decodeTime(filters.cursor);
    return {
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.to ? { to: filters.to } : {}),
      ...(filters.broadcastId ? { broadcastId: filters.broadcastId } : {}),
      ...(filters.after ? { after: new Date(filters.after) } : {}),
      ...(filters.before ? { before: new Date(filters.before) } : {}),
      ...(filters.metadata ? { metadata: filters.metadata } : {}),
      ...(filters.event ? { event: filters.event } : {}),
      limit: pageLimit(filters),
      ...(filters.count ? { count: true } : {}),
      ...(filters.include === 'content' ? {} : { summary: true }),
      ...(cursor ? { cursor } : filters.offset === undefined ? {} : { offset: filters.offset }),
    };
  }
}
