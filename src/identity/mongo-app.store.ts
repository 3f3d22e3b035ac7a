import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { findPage } from '../common/database/mongo-keyset';
import { withMongo } from '../common/database/mongo-errors';
import { SecretBox } from '../common/crypto/secret-box';
import type { ApiKeyRecord, ApiKeyScope, App, AppChanges, Page } from './app.model';
import {
  API_KEY_INDEXES,
  API_KEY_MODEL,
  APP_MODEL,
  type ApiKeyDocument,
  type AppDocument,
} from './app.schema';
import { AppStore, BY_ID, idOf } from './app.store';

/** What the callback secret of an app is sealed to: a sealed value opens on its own app only. */
const secretContext = (appId: string): string => `app:${appId}:callbackSecret`;

const toKey = (doc: ApiKeyDocument): ApiKeyRecord => ({
  id: doc._id,
  appId: doc.appId,
  ...(doc.name ? { name: doc.name } : {}),
  prefix: doc.prefix,
  hash: Buffer.from(doc.hash, 'hex'),
  scopes: doc.scopes as ApiKeyScope[],
  createdAt: doc.createdAt,
  ...(doc.revokedAt ? { revokedAt: doc.revokedAt } : {}),
  ...(doc.lastUsedAt ? { lastUsedAt: doc.lastUsedAt } : {}),
});

/**
 * Apps and keys in MongoDB; creates its collections and indexes at start-up. Callback secrets are
 * stored sealed with ENCRYPTION_KEY (`SecretBox`) and opened as they are read.
 */
@Injectable()
export class MongoAppStore extends AppStore implements OnModuleInit {
  private readonly logger = new Logger(MongoAppStore.name);

  constructor(
    @InjectModel(APP_MODEL) private readonly apps: Model<AppDocument>,
    @InjectModel(API_KEY_MODEL) private readonly keys: Model<ApiKeyDocument>,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.apps, [], this.logger);
    await ensureIndexes(this.keys, API_KEY_INDEXES, this.logger);
  }

  async createApp(app: App): Promise<void> {
    const callbackSecret = this.secrets.seal(app.callbackSecret, secretContext(app.id));
    await withMongo(
      () => this.apps.create({ _id: app.id, ...app, callbackSecret }),
      `App ${app.id} exists.`,
    );
  }

  async findApp(id: string): Promise<App | undefined> {
    const doc = await withMongo(() => this.apps.findById(id).lean<AppDocument>().exec());
    return doc ? this.toApp(doc) : undefined;
  }

  async updateApp(id: string, changes: AppChanges): Promise<App | undefined> {
    const doc = await withMongo(() =>
      this.apps
        .findOneAndUpdate({ _id: id }, { $set: changes }, { returnDocument: 'after' })
        .lean<AppDocument>()
        .exec(),
    );
    return doc ? this.toApp(doc) : undefined;
  }

  listApps(limit: number, cursor?: string): Promise<Page<App>> {
    return findPage(
      this.apps,
      { filter: {}, order: BY_ID, page: { limit, after: cursor } },
      (doc) => this.toApp(doc),
      idOf,
    );
  }

  /** Seals, with the current key, every callback secret sealed with another key or none. */
  async resealSecrets(): Promise<number> {
    const docs = await withMongo(() =>
      this.apps
        .find({}, { callbackSecret: 1 })
        .lean<Pick<AppDocument, '_id' | 'callbackSecret'>[]>()
        .exec(),
    );
    const stale = docs.filter((doc) => this.secrets.isStale(doc.callbackSecret));
    for (const doc of stale) {
      const callbackSecret = this.secrets.reseal(doc.callbackSecret, secretContext(doc._id));
      await withMongo(() =>
        this.apps
          .updateOne(
            { _id: doc._id, callbackSecret: doc.callbackSecret },
            { $set: { callbackSecret } },
          )
          .exec(),
      );
    }
    return stale.length;
  }

  async createKey(key: ApiKeyRecord): Promise<void> {
    await withMongo(
      () =>
        this.keys.create({
          _id: key.id,
          appId: key.appId,
          name: key.name,
          prefix: key.prefix,
          hash: key.hash.toString('hex'),
          scopes: [...key.scopes],
          createdAt: key.createdAt,
        }),
      `Key prefix ${key.prefix} exists.`,
    );
  }

  async findKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const doc = await withMongo(() => this.keys.findOne({ prefix }).lean<ApiKeyDocument>().exec());
    return doc ? toKey(doc) : undefined;
  }

  async listKeys(appId: string): Promise<readonly ApiKeyRecord[]> {
    const docs = await withMongo(() =>
      this.keys.find({ appId }).sort({ _id: 1 }).lean<ApiKeyDocument[]>().exec(),
    );
    return docs.map(toKey);
  }

  async revokeKey(appId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined> {
    await withMongo(() =>
      this.keys
        .updateOne(
          { _id: keyId, appId, revokedAt: { $exists: false } },
          { $set: { revokedAt: at } },
        )
        .exec(),
    );
    const doc = await withMongo(() =>
      this.keys.findOne({ _id: keyId, appId }).lean<ApiKeyDocument>().exec(),
    );
    return doc ? toKey(doc) : undefined;
  }

  private toApp(doc: AppDocument): App {
    return {
      id: doc._id,
      name: doc.name,
      callbackSecret: this.secrets.open(doc.callbackSecret, secretContext(doc._id)),
      ...(doc.rateLimitPerMinute === undefined
        ? {}
        : { rateLimitPerMinute: doc.rateLimitPerMinute }),
      ...(doc.phoneNumberCheck === undefined ? {} : { phoneNumberCheck: doc.phoneNumberCheck }),
      ...(doc.senders ? { senders: { email: doc.senders.email, phone: doc.senders.phone } } : {}),
      ...(doc.twimlPolicy
        ? {
            twimlPolicy: {
              allow: doc.twimlPolicy.allow,
              dialPrefixes: doc.twimlPolicy.dialPrefixes,
              urlHosts: doc.twimlPolicy.urlHosts,
            },
          }
        : {}),
      createdAt: doc.createdAt,
    };
  }

  async recordKeyUse(lastUse: ReadonlyMap<string, Date>): Promise<void> {
    if (lastUse.size === 0) return;
    const operations = [...lastUse].map(([keyId, at]) => ({
      updateOne: {
        filter: {
          _id: keyId,
          $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: at } }],
        },
        update: { $set: { lastUsedAt: at } },
      },
    }));
    await withMongo(() => this.keys.bulkWrite(operations, { ordered: false }));
  }
}
