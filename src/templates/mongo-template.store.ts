import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type FilterQuery, type Model } from 'mongoose';
import { OneWriteAtATime } from '../common/database/conditional-updates';
import { ensureIndexes } from '../common/database/ensure-indexes';
import { OLDEST_FIRST, timePositionOf } from '../common/database/keyset';
import { findPage } from '../common/database/mongo-keyset';
import { insertUnlessTaken, withMongo } from '../common/database/mongo-errors';
import { DuplicateKeyError } from '../common/database/persistence-errors';
import {
  TEMPLATE_PARTS,
  type TemplateRecord,
  type TemplateVersion,
  type VersionedTemplate,
  type VersionEntry,
} from './template.model';
import {
  TEMPLATE_INDEXES,
  TEMPLATE_MODEL,
  TEMPLATE_VERSION_INDEXES,
  TEMPLATE_VERSION_MODEL,
  type TemplateDocument,
  type TemplateVersionDocument,
} from './template.schema';
import {
  byOffsetOrPosition,
  nameTaken,
  type TemplateChange,
  type TemplatePage,
  type TemplateQuery,
  type TemplateScope,
  TemplateStore,
} from './template.store';

/** Each round ends because a concurrent update took the version number this one picked. */
const VERSION_ROUNDS = 5;

const versionId = (templateId: string, version: number): string => `${templateId}:${version}`;

const scopeFilter = (scope: TemplateScope): FilterQuery<TemplateDocument> =>
  scope === 'every-app' ? {} : { appId: scope.appId };

/** What a list of templates matches. */
export const listFilter = (
  scope: TemplateScope,
  query: Pick<TemplateQuery, 'kind' | 'name'>,
): FilterQuery<TemplateDocument> => ({
  ...scopeFilter(scope),
  ...(query.kind === undefined ? {} : { kind: query.kind }),
  ...(query.name === undefined ? {} : { name: query.name }),
});

const toRecord = (doc: TemplateDocument): TemplateRecord => ({
  id: doc._id,
  appId: doc.appId,
  name: doc.name,
  kind: doc.kind,
  ...(doc.description === undefined ? {} : { description: doc.description }),
  latestVersion: doc.latestVersion,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

const toVersion = (doc: TemplateVersionDocument): TemplateVersion => {
  const content: Record<string, string> = {};
  for (const part of TEMPLATE_PARTS) {
    const source = doc[part];
    if (typeof source === 'string') content[part] = source;
  }
  return { version: doc.version, content, createdAt: doc.createdAt };
};

const toVersionDocument = (
  template: Pick<TemplateRecord, 'id' | 'appId'>,
  version: TemplateVersion,
): TemplateVersionDocument => ({
  _id: versionId(template.id, version.version),
  templateId: template.id,
  appId: template.appId,
  version: version.version,
  ...version.content,
  createdAt: version.createdAt,
});

/**
 * Templates in MongoDB: one document per template (unique name per app) and one per version.
 * A version is written before the template document points at it, and reads never go past the
 * version the template document names, so a half-done write is never seen.
 */
@Injectable()
export class MongoTemplateStore extends TemplateStore implements OnModuleInit {
  private readonly logger = new Logger(MongoTemplateStore.name);
  /** FerretDB applies concurrent updates of one template to copies read before: one at a time. */
  private readonly writes = new OneWriteAtATime();

  constructor(
    @InjectModel(TEMPLATE_MODEL) private readonly templates: Model<TemplateDocument>,
    @InjectModel(TEMPLATE_VERSION_MODEL) private readonly history: Model<TemplateVersionDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.templates, TEMPLATE_INDEXES, this.logger);
    await ensureIndexes(this.history, TEMPLATE_VERSION_INDEXES, this.logger);
  }

  async create(template: TemplateRecord, first: TemplateVersion): Promise<void> {
    await withMongo(
      () => this.history.create(toVersionDocument(template, first)),
      `Template ${template.id} exists.`,
    );
    try {
      await withMongo(
        () => this.templates.create({ _id: template.id, ...template }),
        nameTaken(template.name),
      );
    } catch (error) {
      await this.dropVersion(template.id, first.version);
      throw error;
    }
  }

  async get(
    scope: TemplateScope,
    id: string,
    version?: number,
  ): Promise<VersionedTemplate | undefined> {
    return this.withVersion(await this.findOne({ ...scopeFilter(scope), _id: id }), version);
  }

  async getByName(
    appId: string,
    name: string,
    version?: number,
  ): Promise<VersionedTemplate | undefined> {
    return this.withVersion(await this.findOne({ appId, name }), version);
  }

  async list(scope: TemplateScope, query: TemplateQuery): Promise<TemplatePage> {
    const filter = listFilter(scope, query);
    const { limit, after, offset, count } = query;
    const page = { limit, after, offset, count };
    return byOffsetOrPosition(
      await findPage(
        this.templates,
        { filter, order: OLDEST_FIRST, page },
        toRecord,
        timePositionOf,
      ),
      query,
    );
  }

  async versions(appId: string, id: string): Promise<readonly VersionEntry[] | undefined> {
    const template = await this.findOne({ _id: id, appId });
    if (!template) return undefined;
    const docs = await withMongo(() =>
      this.history
        .find({ templateId: id, version: { $lte: template.latestVersion } })
        .sort({ version: 1 })
        .select({ version: 1, createdAt: 1 })
        .lean<Pick<TemplateVersionDocument, 'version' | 'createdAt'>[]>()
        .exec(),
    );
    return docs.map(({ version, createdAt }) => ({ version, createdAt }));
  }

  async partials(appId: string): Promise<readonly VersionedTemplate[]> {
    const heads = await withMongo(() =>
      this.templates.find({ appId, kind: 'partial' }).lean<TemplateDocument[]>().exec(),
    );
    if (heads.length === 0) return [];
    const ids = heads.map((head) => versionId(head._id, head.latestVersion));
    const docs = await withMongo(() =>
      this.history
        .find({ _id: { $in: ids } })
        .lean<TemplateVersionDocument[]>()
        .exec(),
    );
    const byTemplate = new Map(docs.map((doc) => [doc.templateId, toVersion(doc)]));
    return heads.flatMap((head) => {
      const version = byTemplate.get(head._id);
      return version ? [{ template: toRecord(head), version }] : [];
    });
  }

  async addVersion(
    appId: string,
    id: string,
    change: TemplateChange,
  ): Promise<VersionedTemplate | undefined> {
    const version = await this.insertNextVersion(appId, id, change);
    if (!version) return undefined;
    let updated: TemplateDocument | null;
    try {
      updated = await this.writes.run(id, () =>
        withMongo(
          () =>
            this.templates
              .findOneAndUpdate(
                { _id: id, appId },
                {
                  // Concurrent updates may finish in any order: the highest version stays latest.
                  $max: { latestVersion: version.version, updatedAt: change.at },
                  ...this.renaming(change),
                },
                { new: true },
              )
              .lean<TemplateDocument>()
              .exec(),
          change.name === undefined ? undefined : nameTaken(change.name),
        ),
      );
    } catch (error) {
      await this.dropVersion(id, version.version);
      throw error;
    }
    if (!updated) {
      await this.dropVersion(id, version.version);
      return undefined;
    }
    return { template: toRecord(updated), version };
  }

  async delete(appId: string, id: string): Promise<boolean> {
    const { deletedCount } = await withMongo(() =>
      this.templates.deleteOne({ _id: id, appId }).exec(),
    );
    if (deletedCount === 0) return false;
    await withMongo(() => this.history.deleteMany({ templateId: id }).exec());
    return true;
  }

  private renaming(change: TemplateChange): { $set?: Partial<TemplateDocument> } {
    const set = {
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.description === undefined ? {} : { description: change.description }),
    };
    return Object.keys(set).length === 0 ? {} : { $set: set };
  }

  /**
   * Writes the version numbered one above the highest so far; the unique `_id` of a version
   * decides between concurrent updates, and the loser takes the next number.
   */
  private async insertNextVersion(
    appId: string,
    id: string,
    change: TemplateChange,
  ): Promise<TemplateVersion | undefined> {
    for (let round = 1; ; round += 1) {
      const template = await this.findOne({ _id: id, appId });
      if (!template) return undefined;
      const top = await withMongo(() =>
        this.history
          .findOne({ templateId: id })
          .sort({ version: -1 })
          .select({ version: 1 })
          .lean<Pick<TemplateVersionDocument, 'version'>>()
          .exec(),
      );
      const version: TemplateVersion = {
        version: Math.max(top?.version ?? 0, template.latestVersion) + 1,
        content: change.content,
        createdAt: change.at,
      };
      if (await insertUnlessTaken(this.history, toVersionDocument({ id, appId }, version))) {
        return version;
      }
      if (round >= VERSION_ROUNDS) {
        throw new DuplicateKeyError('Other updates of this template keep arriving; try again.');
      }
    }
  }

  private async dropVersion(id: string, version: number): Promise<void> {
    await withMongo(() => this.history.deleteOne({ _id: versionId(id, version) }).exec());
  }

  private findOne(filter: FilterQuery<TemplateDocument>): Promise<TemplateDocument | null> {
    return withMongo(() => this.templates.findOne(filter).lean<TemplateDocument>().exec());
  }

  private async withVersion(
    template: TemplateDocument | null,
    version?: number,
  ): Promise<VersionedTemplate | undefined> {
    if (!template) return undefined;
    const wanted = version ?? template.latestVersion;
    if (wanted > template.latestVersion) return undefined;
    const doc = await withMongo(() =>
      this.history.findById(versionId(template._id, wanted)).lean<TemplateVersionDocument>().exec(),
    );
    return doc ? { template: toRecord(template), version: toVersion(doc) } : undefined;
  }
}
