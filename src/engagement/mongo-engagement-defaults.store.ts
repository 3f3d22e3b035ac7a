import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Schema } from 'mongoose';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { withMongo } from '../common/database/mongo-errors';
import { type EngagementDefaults, EngagementDefaultsStore } from './engagement-defaults';

/** A MongoDB document of an app's defaults; only this store sees these. */
export interface EngagementDefaultsDocument {
  /** The app's id: one document per app. */
  _id: string;
  tracking: { opens: boolean; clicks: boolean };
  unsubscribeTopics: string[];
  unsubscribeMailto?: string;
  updatedAt?: Date;
}

export const ENGAGEMENT_DEFAULTS_MODEL = 'EngagementDefaults';

export const EngagementDefaultsSchema = new Schema<EngagementDefaultsDocument>(
  {
    _id: { type: String, required: true },
    tracking: {
      opens: { type: Boolean, required: true },
      clicks: { type: Boolean, required: true },
    },
    unsubscribeTopics: { type: [String], required: true },
    unsubscribeMailto: { type: String },
    updatedAt: { type: Date },
  },
  { collection: 'engagement_defaults', versionKey: false, autoIndex: false },
);

const toDefaults = (doc: EngagementDefaultsDocument): EngagementDefaults => ({
  appId: doc._id,
  tracking: { opens: doc.tracking.opens, clicks: doc.tracking.clicks },
  unsubscribeTopics: doc.unsubscribeTopics,
  ...(doc.unsubscribeMailto === undefined ? {} : { unsubscribeMailto: doc.unsubscribeMailto }),
  ...(doc.updatedAt === undefined ? {} : { updatedAt: doc.updatedAt }),
});

/** Apps' engagement defaults in MongoDB, one document per app, read by its id. */
@Injectable()
export class MongoEngagementDefaultsStore extends EngagementDefaultsStore implements OnModuleInit {
  private readonly logger = new Logger(MongoEngagementDefaultsStore.name);

  constructor(
    @InjectModel(ENGAGEMENT_DEFAULTS_MODEL)
    private readonly defaults: Model<EngagementDefaultsDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.defaults, [], this.logger);
  }

  async find(appId: string): Promise<EngagementDefaults | undefined> {
    const doc = await withMongo(() =>
      this.defaults.findById(appId).lean<EngagementDefaultsDocument>().exec(),
    );
    return doc ? toDefaults(doc) : undefined;
  }

  async save({ appId, ...fields }: EngagementDefaults): Promise<void> {
    const doc: EngagementDefaultsDocument = {
      _id: appId,
      tracking: { ...fields.tracking },
      unsubscribeTopics: [...fields.unsubscribeTopics],
      ...(fields.unsubscribeMailto === undefined
        ? {}
        : { unsubscribeMailto: fields.unsubscribeMailto }),
      ...(fields.updatedAt === undefined ? {} : { updatedAt: fields.updatedAt }),
    };
    await withMongo(() => this.defaults.replaceOne({ _id: appId }, doc, { upsert: true }).exec());
  }
}
