import { Schema } from 'mongoose';
import type { IndexDefinition } from '../common/database/ensure-indexes';

/**
 * One idempotency key of one app in one space: `_id` is `keyIdOf` the key, so the key is unique
 * on any server; only `MongoIdempotencyKeys` sees these.
 */
export interface IdempotencyKeyDocument {
  readonly _id: string;
  readonly recordId: string;
  readonly requestHash: string;
  readonly expiresAt: Date;
  readonly answer?: { readonly status: number; readonly body: string };
}

export const IDEMPOTENCY_KEY_MODEL = 'IdempotencyKey';

/** The TTL index expires keys where the server has one; FerretDB 1.24 has not, the purge does. */
export const IDEMPOTENCY_KEY_INDEXES: readonly IndexDefinition[] = [
  { key: { expiresAt: 1 }, options: { name: 'idempotency_ttl', expireAfterSeconds: 0 } },
];

export const IdempotencyKeySchema = new Schema<IdempotencyKeyDocument>(
  {
    _id: { type: String, required: true },
    recordId: { type: String, required: true },
    requestHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    answer: {
      type: new Schema({ status: Number, body: String }, { _id: false }),
      required: false,
    },
  },
  { collection: 'idempotency_keys', versionKey: false, autoIndex: false },
);
