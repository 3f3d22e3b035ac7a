import { Schema } from 'mongoose';
import type { IndexDefinition } from '../../common/database/ensure-indexes';
import type { ChannelOutcome } from './broadcast.model';
import { CHANNELS } from '../../contract/channel';
import { MESSAGE_STATUSES } from '../../contract/message-status';

/** A MongoDB document of a broadcast; only `MongoBroadcastStore` sees these. */
export interface BroadcastDocument {
  _id: string;
  appId: string;
  outcomes: ChannelOutcome[];
  idempotencyKey?: string;
  requestHash?: string;
  idempotencyExpiresAt?: Date;
  createdAt: Date;
  expiresAt: Date;
}

export const BROADCAST_MODEL = 'Broadcast';

/** Expiry by the server where it can; FerretDB refuses TTL indexes and reads skip expired ones. */
export const BROADCAST_INDEXES: readonly IndexDefinition[] = [
  { key: { expiresAt: 1 }, options: { name: 'retention_ttl', expireAfterSeconds: 0 } },
];

const ChannelOutcomeSchema = new Schema<ChannelOutcome>(
  {
    channel: { type: String, enum: CHANNELS, required: true },
    success: { type: Boolean, required: true },
    messageId: { type: String },
    status: { type: String, enum: MESSAGE_STATUSES },
    error: { type: Schema.Types.Mixed },
  },
  { _id: false },
);

export const BroadcastSchema = new Schema<BroadcastDocument>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    outcomes: { type: [ChannelOutcomeSchema], required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
    idempotencyExpiresAt: { type: Date },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'broadcasts', versionKey: false, autoIndex: false, minimize: false },
);
