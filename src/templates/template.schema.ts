import { Schema } from 'mongoose';
import type { IndexDefinition } from '../common/database/ensure-indexes';
import { TEMPLATE_KINDS, type TemplateKind } from './template.model';

/** MongoDB documents of templates; only `MongoTemplateStore` sees these. */
export interface TemplateDocument {
  _id: string;
  appId: string;
  name: string;
  kind: TemplateKind;
  description?: string;
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One version: `_id` is `templateId:version`, so each number is taken once on any server. */
export interface TemplateVersionDocument {
  _id: string;
  templateId: string;
  appId: string;
  version: number;
  subject?: string;
  html?: string;
  text?: string;
  createdAt: Date;
}

export const TEMPLATE_MODEL = 'Template';
export const TEMPLATE_VERSION_MODEL = 'TemplateVersion';

export const TemplateSchema = new Schema<TemplateDocument>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: TEMPLATE_KINDS, required: true },
    description: { type: String },
    latestVersion: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'templates', versionKey: false, autoIndex: false },
);

export const TEMPLATE_INDEXES: readonly IndexDefinition[] = [
  { key: { appId: 1, name: 1 }, options: { name: 'app_name_unique', unique: true } },
  { key: { appId: 1, createdAt: 1, _id: 1 }, options: { name: 'app_oldest' } },
  { key: { appId: 1, kind: 1, createdAt: 1, _id: 1 }, options: { name: 'app_kind_oldest' } },
  { key: { name: 1, createdAt: 1, _id: 1 }, options: { name: 'name_oldest' } },
];

export const TemplateVersionSchema = new Schema<TemplateVersionDocument>(
  {
    _id: { type: String, required: true },
    templateId: { type: String, required: true },
    appId: { type: String, required: true },
    version: { type: Number, required: true },
    subject: { type: String },
    html: { type: String },
    text: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'template_versions', versionKey: false, autoIndex: false },
);

export const TEMPLATE_VERSION_INDEXES: readonly IndexDefinition[] = [
  { key: { templateId: 1, version: -1 }, options: { name: 'template_versions' } },
];
