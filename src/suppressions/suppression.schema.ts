import { Schema } from 'mongoose';
import type { IndexDefinition } from '../common/database/ensure-indexes';
import { SUPPRESSION_REASONS } from './suppression.model';

/** A MongoDB document of a suppression; only `MongoSuppressionStore` sees these. */
export interface SuppressionDocument {
  /** One entry per app, address and topic, whoever adds it first (see MongoSuppressionStore). */
  _id: string;
  appId: string;
  address: string;
  topic?: string;
  reason: string;
  detail: string;
  messageId?: string;
  createdAt: Date;
}

export const SUPPRESSION_MODEL = 'Suppression';

export const SuppressionSchema = new Schema<SuppressionDocument>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    address: { type: String, required: true },
    topic: { type: String },
    reason: { type: String, enum: SUPPRESSION_REASONS, required: true },
    detail: { type: String, required: true },
    messageId: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'suppressions', versionKey: false, autoIndex: false },
);

export const SUPPRESSION_INDEXES: readonly IndexDefinition[] = [
  { key: { appId: 1, address: 1 }, options: { name: 'app_addresses' } },
];
