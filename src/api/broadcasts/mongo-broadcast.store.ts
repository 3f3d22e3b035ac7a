import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureIndexes } from '../../common/database/ensure-indexes';
import { withMongo } from '../../common/database/mongo-errors';
import type { Broadcast } from './broadcast.model';
import { BROADCAST_INDEXES, BROADCAST_MODEL, type BroadcastDocument } from './broadcast.schema';
import { type BroadcastScope, BroadcastStore, inScope } from './broadcast.store';

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

/** Broadcasts in MongoDB, one document each; reads skip those past their retention. */
@Injectable()
export class MongoBroadcastStore extends BroadcastStore implements OnModuleInit {
  private readonly logger = new Logger(MongoBroadcastStore.name);

  constructor(@InjectModel(BROADCAST_MODEL) private readonly broadcasts: Model<BroadcastDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.broadcasts, BROADCAST_INDEXES, this.logger);
  }

  async insert(broadcast: Broadcast): Promise<void> {
    await withMongo(
      () => this.broadcasts.create(toDocument(broadcast)),
      `Broadcast ${broadcast.id} exists.`,
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
}
