import { Schema } from 'mongoose';
import type { IndexDefinition } from '../common/database/ensure-indexes';

/**
 * One document per claim taken: `_id` = message id, attempt number and takeover round. An insert
 * with a unique `_id` is atomic on every MongoDB-wire server, so it decides which worker sends;
 * a conditional update would not on FerretDB 1.24 (FerretDB/FerretDB#3040). Only
 * `MongoDispatchClaims` sees these.
 */
export interface DispatchLockDocument {
  _id: string;
  owner: string;
  at: Date;
}

export const DISPATCH_LOCK_MODEL = 'DispatchLock';

export const DispatchLockSchema = new Schema<DispatchLockDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'dispatch_locks', versionKey: false, autoIndex: false },
);

export const DISPATCH_LOCK_INDEXES: readonly IndexDefinition[] = [
  { key: { at: 1 }, options: { name: 'lock_age' } },
];
