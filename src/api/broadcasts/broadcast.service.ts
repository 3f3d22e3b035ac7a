import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../identity/principal';
import { Clock } from '../../common/clock/clock';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { CryptoService } from '../../common/crypto/crypto.service';
import { IdempotencyKeys } from '../../idempotency/idempotency-keys';
import {
  insertOnce,
  type KeyedRecord,
  keyedRecord,
  type KeyedRecords,
} from '../../idempotency/insert-once';
import { requestHash } from '../../idempotency/request-hash';
import { Conflict, NotFound } from '../../common/errors/api-error';
import { knownApiError } from '../../common/errors/persistence-answers';
import type { Message } from '../../message-log/message.model';
import { MessageLog } from '../../message-log/message-log';
import type { SendAnswer } from '../../sending/send-answer';
import type { SendOrigin } from '../../sending/send-origin';
import type { SendOptions } from '../../sending/send-request';
import { SendingApps } from '../../sending/sending-apps';
import type { Broadcast, ChannelOutcome } from './broadcast.model';
import { BroadcastStore } from './broadcast.store';
import { accepted, refused } from './channel-outcome';
import { ChannelSender } from './channel-sender';
import type { SendBroadcastDto } from './send-broadcast.dto';
import type { Channel } from '../../contract/channel';
import { type AppScope } from '../../identity/app-scope';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A broadcast as answered: made now, or the first of its Idempotency-Key, replayed. */
export interface BroadcastAnswer {
  readonly broadcast: Broadcast;
  readonly replayed: boolean;
}

/** A broadcast with the messages of its channels as they are now (undefined once expired). */
export interface BroadcastView {
  readonly broadcast: Broadcast;
  readonly messages: ReadonlyMap<string, Message>;
}

const replayConflict = (): Conflict =>
  new Conflict('This Idempotency-Key was used with a different request.');

const busyConflict = (): Conflict =>
  new Conflict('Another request with this Idempotency-Key is in progress; retry shortly.');

/**
 * Fans one subject and body out to every chosen channel at once, each through its own channel
 * service, so each channel's validation, idempotency, scheduling and callbacks apply unchanged.
 */
@Injectable()
export class BroadcastService {
  private readonly logger = new Logger(BroadcastService.name);

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly store: BroadcastStore,
    private readonly keys: IdempotencyKeys,
    private readonly sender: ChannelSender,
    private readonly apps: SendingApps,
    private readonly messages: MessageLog,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  async send(
    principal: Principal,
    dto: SendBroadcastDto,
    options: SendOptions,
  ): Promise<BroadcastAnswer> {
    const origin = await this.apps.originOf(principal, dto.appId, 'broadcasts');
    const hash = requestHash('broadcast', dto);
    const key = options.idempotencyKey;
    const first = key === undefined ? undefined : await this.firstOf(origin, key);
    if (first) return replayed(first.record, first.requestHash, hash);
    // The id comes first: each channel's message carries it.
    const id = this.crypto.newId('brd', this.clock.now());
    const outcomes = await this.fanOut({ ...origin, broadcastId: id }, dto, options);
    const broadcast = this.newBroadcast(id, origin, outcomes, key, hash);
    const outcome = await insertOnce(this.keys, 'broadcasts', broadcast, this.records(origin));
    switch (outcome.kind) {
      case 'created':
        return { broadcast: outcome.record, replayed: false };
      case 'replayed':
        return replayed(outcome.record, outcome.requestHash, hash);
      case 'busy':
        throw busyConflict();
    }
  }

  /** The broadcast the app's key made, while the key lives. */
  private firstOf(scope: AppScope, key: string): Promise<KeyedRecord<Broadcast> | undefined> {
    const name = { space: 'broadcasts', appId: scope.appId, key } as const;
    return keyedRecord(this.keys, name, this.clock.now(), this.records(scope));
  }

  /** The app's broadcasts, as its Idempotency-Keys name them. */
  private records(scope: AppScope): KeyedRecords<Broadcast> {
    return {
      insert: (broadcast) => this.store.insert(broadcast),
      find: (id) => this.store.get(scope, id, this.clock.now()),
    };
  }

  private newBroadcast(
    id: string,
    scope: AppScope,
    outcomes: readonly ChannelOutcome[],
    key: string | undefined,
    hash: string,
  ): Broadcast {
    const now = this.clock.now();
    return {
      id,
      appId: scope.appId,
      outcomes,
      ...(key === undefined
        ? {}
        : {
            idempotencyKey: key,
            requestHash: hash,
            idempotencyExpiresAt: new Date(now.getTime() + DAY_MS),
          }),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.retentionDays * DAY_MS),
    };
  }

  async get(principal: Principal, id: string): Promise<BroadcastView> {
    const scope = principal.kind === 'apiKey' ? { appId: principal.appId } : 'every-app';
    const broadcast = await this.store.get(scope, id, this.clock.now());
    if (!broadcast) throw new NotFound(`No broadcast ${id}.`);
    const ids = broadcast.outcomes.flatMap((outcome) => outcome.messageId ?? []);
    const found = await Promise.all(
      ids.map((messageId) => this.messages.get(broadcast, messageId)),
    );
    const messages = new Map(found.flatMap((message) => (message ? [[message.id, message]] : [])));
    return { broadcast, messages };
  }

  /**
   * Every chosen channel at once: the answer takes as long as the slowest, and one channel's
   * failure is its own result, not the broadcast's.
   */
  private fanOut(
    origin: SendOrigin,
    dto: SendBroadcastDto,
    options: SendOptions,
  ): Promise<ChannelOutcome[]> {
    return Promise.all(
      dto.channels.map((channel) => this.outcomeOf(channel, origin, dto, options)),
    );
  }

  private async outcomeOf(
    channel: Channel,
    origin: SendOrigin,
    dto: SendBroadcastDto,
    options: SendOptions,
  ): Promise<ChannelOutcome> {
    try {
      return accepted(channel, await this.sendThrough(channel, origin, dto, options));
    } catch (error) {
      if (!knownApiError(error)) {
        this.logger.error({ err: error }, `broadcast: ${channel} failed unexpectedly`);
      }
      return refused(channel, error);
    }
  }

  /** Each channel gets its own idempotency key, derived from the broadcast's. */
  private sendThrough(
    channel: Channel,
    origin: SendOrigin,
    dto: SendBroadcastDto,
    options: SendOptions,
  ): Promise<SendAnswer> {
    const key = options.idempotencyKey;
    return this.sender.send(channel, origin, dto, {
      ...options,
      ...(key === undefined ? {} : { idempotencyKey: `${key}:${channel}` }),
    });
  }
}

/** The first broadcast of a key, if this request is the same one. */
function replayed(first: Broadcast, firstHash: string, hash: string): BroadcastAnswer {
  if (firstHash !== hash) throw replayConflict();
  return { broadcast: first, replayed: true };
}
