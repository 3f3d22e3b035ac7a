import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureIndexes } from '../../common/database/ensure-indexes';
import { withMongo } from '../../common/database/mongo-errors';
import { DuplicateKeyError } from '../../common/database/persistence-errors';
import type { Broadcast } from './broadcast.model';
import {
  BROADCAST_INDEXES,
  BROADCAST_KEY_INDEXES,
  BROADCAST_KEY_MODEL,
  BROADCAST_MODEL,
  type BroadcastDocument,
  type BroadcastKeyDocument,
} from './broadcast.schema';
import {
  type BroadcastInsertOutcome,
  type BroadcastScope,
  BroadcastStore,
  inScope,
  keyIsLive,
} from './broadcast.store';

/** Rounds of taking over an expired or orphaned key before giving up on a busy key. */
const KEY_ROUNDS = 3;

const toBroadcast = (doc: BroadcastDocument): Broadcast => ({
  id: doc._id,
  appId: doc.appId,
  outcomes: doc.outcomes,
  ...(doc.idempotencyKey === undefined ? {} : { idempotencyKey: doc.idempotencyKey }),
  ...(doc.requestHash === undefined ? {} : { requestHash: doc.requestHash }),
  ...(doc.idempotencyExpiresAt === undefined
    ? {}
    : { idempotencyExpiresAt: doc.idempotencyExpiresAt }),
  createdAt: doc.createdAt,
  expiresAt: doc.expiresAt,
});

const toDocument = ({ id, outcomes, ...rest }: Broadcast): BroadcastDocument => ({
  _id: id,
  outcomes: [...outcomes],
  ...rest,
});

/**
 * Broadcasts in MongoDB. A key is claimed by inserting its document (`_id` = app and key), which
 * only one request can do; the broadcast is written first, so a key always names one that exists.
 */
@Injectable()
export class MongoBroadcastStore extends BroadcastStore implements OnModuleInit {
  private readonly logger = new Logger(MongoBroadcastStore.name);

  constructor(
    @InjectModel(BROADCAST_MODEL) private readonly broadcasts: Model<BroadcastDocument>,
    @InjectModel(BROADCAST_KEY_MODEL) private readonly keys: Model<BroadcastKeyDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.broadcasts, BROADCAST_INDEXES, this.logger);
    await ensureIndexes(this.keys, BROADCAST_KEY_INDEXES, this.logger);
  }

  async insert(broadcast: Broadcast): Promise<BroadcastInsertOutcome> {
    await withMongo(() => this.broadcasts.create(toDocument(broadcast)));
    const { idempotencyKey: key, idempotencyExpiresAt: keyExpiresAt } = broadcast;
    if (key === undefined || keyExpiresAt === undefined) return { kind: 'created', broadcast };
    const keyDoc = {
      _id: `${broadcast.appId}:${key}`,
      broadcastId: broadcast.id,
      expiresAt: keyExpiresAt,
    };
    for (let round = 0; round < KEY_ROUNDS; round += 1) {
      if (await this.insertKey(keyDoc)) return { kind: 'created', broadcast };
      const holder = await this.liveHolder(keyDoc._id, broadcast.createdAt);
      if (holder) {
        await withMongo(() => this.broadcasts.deleteOne({ _id: broadcast.id }).exec());
        return { kind: 'replayed', broadcast: holder };
      }
    }
    await withMongo(() => this.broadcasts.deleteOne({ _id: broadcast.id }).exec());
    throw new DuplicateKeyError(
      'Another request with this Idempotency-Key is in progress; retry shortly.',
    );
  }

  async get(scope: BroadcastScope, id: string, now: Date): Promise<Broadcast | undefined> {
    const doc = await withMongo(() =>
      this.broadcasts.findById(id).lean<BroadcastDocument>().exec(),
    );
    const broadcast = doc ? toBroadcast(doc) : undefined;
    return broadcast && inScope(scope, broadcast) && broadcast.expiresAt > now
      ? broadcast
      : undefined;
  }

  async findByKey(appId: string, key: string, now: Date): Promise<Broadcast | undefined> {
    const keyDoc = await withMongo(() =>
      this.keys.findById(`${appId}:${key}`).lean<BroadcastKeyDocument>().exec(),
    );
    if (!keyDoc) return undefined;
    const holder = await this.get({ appId }, keyDoc.broadcastId, now);
    return holder && keyIsLive(holder, now) ? holder : undefined;
  }

  private async insertKey(doc: BroadcastKeyDocument): Promise<boolean> {
    try {
      await withMongo(() => this.keys.create(doc));
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }

  /**
   * The broadcast holding the key at `at`; an expired key, or one whose broadcast is gone, is
   * removed (only as it was read, so a newer holder stays) and undefined returned.
   */
  private async liveHolder(keyId: string, at: Date): Promise<Broadcast | undefined> {
    const existing = await withMongo(() =>
      this.keys.findById(keyId).lean<BroadcastKeyDocument>().exec(),
    );
    if (!existing) return undefined;
    const doc =
      existing.expiresAt > at
        ? await withMongo(() =>
            this.broadcasts.findById(existing.broadcastId).lean<BroadcastDocument>().exec(),
          )
        : null;
    if (doc) return toBroadcast(doc);
    await withMongo(() =>
      this.keys.deleteOne({ _id: keyId, broadcastId: existing.broadcastId }).exec(),
    );
    return undefined;
  }
}
