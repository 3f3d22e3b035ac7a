import { Schema } from 'mongoose';
import type { IndexDefinition } from '../common/database/ensure-indexes';
import {
  type Attempt,
  type Claim,
  type EngagementCounts,
  type Message,
  type Route,
} from './message.model';
import { CHANNELS } from '../contract/channel';
import { MESSAGE_STATUSES } from '../contract/message-status';
import { ERROR_CATEGORIES } from '../contract/error-category';
import { type MessageEvent } from '../contract/message-event';
import type { RequestedBy } from '../identity/requested-by';

/** MongoDB documents of messages; only the Mongo message log and dispatch claims see these. */
export interface MessageDocument extends Omit<Message, 'id'> {
  readonly _id: string;
  /** Takeovers of lapsed claims on the current attempt: part of the dispatch lock's id. */
  readonly claimRound?: number;
}

export const MESSAGE_MODEL = 'Message';

/**
 * Created at start-up; a server may refuse some (FerretDB 1.24 has no TTL indexes). Every list
 * of the message log runs newest first by (createdAt, _id): each filter has an index that
 * serves it in that order (no sort in memory), and admin lists across apps have `newest` and
 * `status_newest`.
 */
export const MESSAGE_INDEXES: readonly IndexDefinition[] = [
  { key: { appId: 1, createdAt: -1, _id: -1 }, options: { name: 'app_newest' } },
  {
    key: { appId: 1, channel: 1, createdAt: -1, _id: -1 },
    options: { name: 'app_channel_newest' },
  },
  { key: { appId: 1, status: 1, createdAt: -1, _id: -1 }, options: { name: 'app_status_newest' } },
  { key: { appId: 1, to: 1, createdAt: -1, _id: -1 }, options: { name: 'app_to_newest' } },
  { key: { createdAt: -1, _id: -1 }, options: { name: 'newest' } },
  { key: { status: 1, createdAt: -1, _id: -1 }, options: { name: 'status_newest' } },
  {
    key: { appId: 1, 'events.type': 1, createdAt: -1, _id: -1 },
    options: { name: 'app_event_newest' },
  },
  {
    key: { appId: 1, broadcastId: 1, createdAt: -1, _id: -1 },
    options: { name: 'app_broadcast_newest' },
  },
  {
    key: { appId: 1, reference: 1, createdAt: -1, _id: -1 },
    options: { name: 'app_reference_newest' },
  },
  { key: { providerMessageIds: 1 }, options: { name: 'provider_message_ids' } },
  { key: { status: 1, nextAttemptAt: 1 }, options: { name: 'due_pending' } },
  { key: { status: 1, 'claim.expiresAt': 1 }, options: { name: 'due_expired_claim' } },
  { key: { expiresAt: 1 }, options: { name: 'retention_ttl', expireAfterSeconds: 0 } },
];

const ClaimSchema = new Schema<Claim>(
  {
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { _id: false },
);

const RouteSchema = new Schema<Route>(
  {
    providerIndex: { type: Number, required: true },
    providerAttempts: { type: Number, required: true },
  },
  { _id: false },
);

const AttemptSchema = new Schema<Attempt>(
  {
    provider: { type: String, required: true },
    status: { type: String, enum: MESSAGE_STATUSES, required: true },
    errorCategory: { type: String, enum: ERROR_CATEGORIES },
    errorMessage: { type: String },
    providerMessageId: { type: String },
    durationMs: { type: Number, required: true },
    timestamp: { type: Date, required: true },
  },
  { _id: false },
);

const RequestedBySchema = new Schema<RequestedBy>(
  {
    type: { type: String, enum: ['apiKey', 'jwt'], required: true },
    keyId: { type: String },
    subject: { type: String },
  },
  { _id: false },
);

const EventSchema = new Schema<MessageEvent>(
  {
    type: { type: String, required: true },
    at: { type: Date, required: true },
    recipient: { type: String },
    detail: { type: String },
    client: { type: String },
    machine: { type: Boolean },
  },
  { _id: false },
);

const EngagementSchema = new Schema<EngagementCounts>(
  {
    opens: { type: Number, required: true },
    clicks: { type: Number, required: true },
    machineOpens: { type: Number, required: true },
    machineClicks: { type: Number, required: true },
    unsubscribes: { type: Number, required: true },
    firstOpenedAt: { type: Date },
    firstClickedAt: { type: Date },
  },
  { _id: false },
);

export const MessageSchema = new Schema<MessageDocument>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: MESSAGE_STATUSES, required: true },
    to: { type: [String], required: true },
    content: { type: Schema.Types.Mixed },
    sealedContent: { type: String },
    metadata: { type: Schema.Types.Mixed },
    requestedBy: { type: RequestedBySchema },
    broadcastId: { type: String },
    reference: { type: String },
    priority: { type: Number, required: true },
    provider: { type: String },
    callbackUrl: { type: String },
    scheduledAt: { type: Date },
    nextAttemptAt: { type: Date },
    claim: { type: ClaimSchema },
    claimRound: { type: Number },
    route: { type: RouteSchema, required: true },
    attempts: { type: [AttemptSchema], required: true },
    events: { type: [EventSchema], required: true },
    providerMessageIds: { type: [String], required: true },
    providerStatus: { type: String },
    engagement: { type: EngagementSchema },
    idempotencyKey: { type: String },
    requestHash: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    idempotencyExpiresAt: { type: Date },
  },
  // minimize: false keeps empty `content` and `metadata` objects instead of dropping them.
  { collection: 'messages', versionKey: false, autoIndex: false, minimize: false },
);
