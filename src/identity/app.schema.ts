import { Schema } from 'mongoose';
import type { IndexDefinition } from '../common/database/ensure-indexes';
import { PHONE_NUMBER_CHECKS, type PhoneNumberCheck } from '../common/config/environment';
import { API_KEY_SCOPES, type AppSenders, TWIML_ALLOWANCES, type TwimlPolicy } from './app.model';

/** MongoDB documents of apps and keys; only `MongoAppStore` sees these. */
export interface AppDocument {
  _id: string;
  name: string;
  rateLimitPerMinute?: number;
  phoneNumberCheck?: PhoneNumberCheck;
  /** Sealed with ENCRYPTION_KEY (`SecretBox`); plain when none was set when it was written. */
  callbackSecret: string;
  senders?: AppSenders;
  twimlPolicy?: TwimlPolicy;
  createdAt: Date;
}

export interface ApiKeyDocument {
  _id: string;
  appId: string;
  name?: string;
  prefix: string;
  /** SHA-256 of the key, hex. */
  hash: string;
  scopes: string[];
  createdAt: Date;
  revokedAt?: Date;
  lastUsedAt?: Date;
}

export const APP_MODEL = 'App';
export const API_KEY_MODEL = 'ApiKey';

const SendersSchema = new Schema<AppSenders>(
  { email: { type: [String], required: true }, phone: { type: [String], required: true } },
  { _id: false },
);

const TwimlPolicySchema = new Schema<TwimlPolicy>(
  {
    allow: { type: [String], enum: TWIML_ALLOWANCES, required: true },
    dialPrefixes: { type: [String], required: true },
    urlHosts: { type: [String], required: true },
  },
  { _id: false },
);

export const AppSchema = new Schema<AppDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    rateLimitPerMinute: { type: Number },
    phoneNumberCheck: { type: String, enum: PHONE_NUMBER_CHECKS },
    callbackSecret: { type: String, required: true },
    senders: { type: SendersSchema },
    twimlPolicy: { type: TwimlPolicySchema },
    createdAt: { type: Date, required: true },
  },
  { collection: 'apps', versionKey: false, autoIndex: false },
);

export const ApiKeySchema = new Schema<ApiKeyDocument>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    name: { type: String },
    prefix: { type: String, required: true },
    hash: { type: String, required: true },
    scopes: { type: [String], enum: API_KEY_SCOPES, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
  },
  { collection: 'api_keys', versionKey: false, autoIndex: false },
);

export const API_KEY_INDEXES: readonly IndexDefinition[] = [
  { key: { prefix: 1 }, options: { name: 'prefix_unique', unique: true } },
  { key: { appId: 1, _id: 1 }, options: { name: 'app_keys' } },
];
