import { Schema } from 'mongoose';
import type { IndexDefinition } from '../../common/database/ensure-indexes';
import type { TraceCarrier } from '../../common/tracing/spans';
import type { CallbackState, CallbackTry } from './callback-outbox';

/** MongoDB documents of the callback outbox; only `MongoCallbackOutbox` sees these. */
export interface CallbackDocument {
  _id: string;
  eventId: string;
  appId: string;
  messageId: string;
  status: string;
  url: string;
  body: string;
  state: CallbackState;
  tries: CallbackTry[];
  nextTryAt: Date;
  sequence: number;
  createdAt: Date;
  trace?: TraceCarrier;
}

export const CALLBACK_MODEL = 'Callback';

const TrySchema = new Schema<CallbackTry>(
  { at: { type: Date, required: true }, status: { type: Number }, error: { type: String } },
  { _id: false },
);

export const CallbackSchema = new Schema<CallbackDocument>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    appId: { type: String, required: true },
    messageId: { type: String, required: true },
    status: { type: String, required: true },
    url: { type: String, required: true },
    body: { type: String, required: true },
    state: { type: String, required: true },
    tries: { type: [TrySchema], required: true },
    nextTryAt: { type: Date, required: true },
    sequence: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    trace: { type: Schema.Types.Mixed },
  },
  { collection: 'callbacks', versionKey: false, autoIndex: false },
);

export const CALLBACK_INDEXES: readonly IndexDefinition[] = [
  { key: { state: 1, nextTryAt: 1 }, options: { name: 'due' } },
  { key: { messageId: 1, sequence: 1 }, options: { name: 'of_message' } },
  { key: { state: 1, createdAt: 1 }, options: { name: 'settled' } },
];
