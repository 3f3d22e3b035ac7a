import { Injectable } from '@nestjs/common';
import { OLDEST_FIRST, pageOf, timePositionOf } from '../common/database/keyset';
import { DuplicateKeyError } from '../common/database/persistence-errors';
import type {
  TemplateRecord,
  TemplateVersion,
  VersionedTemplate,
  VersionEntry,
} from './template.model';
import {
  byOffsetOrPosition,
  nameTaken,
  type TemplateChange,
  type TemplatePage,
  type TemplateQuery,
  type TemplateScope,
  TemplateStore,
} from './template.store';

const inScope = (scope: TemplateScope, template: TemplateRecord): boolean =>
  scope === 'every-app' || template.appId === scope.appId;

/** The embedded default: one process's templates, gone when it stops. */
@Injectable()
export class MemoryTemplateStore extends TemplateStore {
  private readonly templates = new Map<string, TemplateRecord>();
  private readonly history = new Map<string, TemplateVersion[]>();

  create(template: TemplateRecord, first: TemplateVersion): Promise<void> {
    if (this.templates.has(template.id)) {
      return Promise.reject(new DuplicateKeyError(`Template ${template.id} exists.`));
    }
    if (this.holderOf(template.appId, template.name)) {
      return Promise.reject(new DuplicateKeyError(nameTaken(template.name)));
    }
    this.templates.set(template.id, template);
    this.history.set(template.id, [first]);
    return Promise.resolve();
  }

  get(scope: TemplateScope, id: string, version?: number): Promise<VersionedTemplate | undefined> {
    const template = this.templates.get(id);
    return Promise.resolve(
      template && inScope(scope, template) ? this.withVersion(template, version) : undefined,
    );
  }

  getByName(appId: string, name: string, version?: number): Promise<VersionedTemplate | undefined> {
    const template = this.holderOf(appId, name);
    return Promise.resolve(template ? this.withVersion(template, version) : undefined);
  }

  list(scope: TemplateScope, query: TemplateQuery): Promise<TemplatePage> {
    const matches = [...this.templates.values()].filter(
      (template) =>
        inScope(scope, template) &&
        (query.kind === undefined || template.kind === query.kind) &&
        (query.name === undefined || template.name === query.name),
    );
    const { limit, after, offset, count } = query;
    const page = pageOf(matches, OLDEST_FIRST, { limit, after, offset, count }, timePositionOf);
    return Promise.resolve(byOffsetOrPosition(page, query));
  }

  versions(appId: string, id: string): Promise<readonly VersionEntry[] | undefined> {
    const template = this.templates.get(id);
    if (template?.appId !== appId) return Promise.resolve(undefined);
    const versions = this.history.get(id) ?? [];
    return Promise.resolve(versions.map(({ version, createdAt }) => ({ version, createdAt })));
  }

  partials(appId: string): Promise<readonly VersionedTemplate[]> {
    const partials = [...this.templates.values()].filter(
      (template) => template.appId === appId && template.kind === 'partial',
    );
    return Promise.resolve(partials.flatMap((template) => this.withVersion(template) ?? []));
  }

  addVersion(
    appId: string,
    id: string,
    change: TemplateChange,
  ): Promise<VersionedTemplate | undefined> {
    const template = this.templates.get(id);
    const versions = this.history.get(id);
    if (template?.appId !== appId || !versions) return Promise.resolve(undefined);
    const holder = change.name === undefined ? undefined : this.holderOf(appId, change.name);
    if (change.name !== undefined && holder && holder.id !== id) {
      return Promise.reject(new DuplicateKeyError(nameTaken(change.name)));
    }
    const version: TemplateVersion = {
      version: template.latestVersion + 1,
      content: change.content,
      createdAt: change.at,
    };
    const updated: TemplateRecord = {
      ...template,
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.description === undefined ? {} : { description: change.description }),
      latestVersion: version.version,
      updatedAt: change.at,
    };
    versions.push(version);
    this.templates.set(id, updated);
    return Promise.resolve({ template: updated, version });
  }

  delete(appId: string, id: string): Promise<boolean> {
    if (this.templates.get(id)?.appId !== appId) return Promise.resolve(false);
    this.templates.delete(id);
    this.history.delete(id);
    return Promise.resolve(true);
  }

  private holderOf(appId: string, name: string): TemplateRecord | undefined {
    return [...this.templates.values()].find(
      (template) => template.appId === appId && template.name === name,
    );
  }

  private withVersion(template: TemplateRecord, version?: number): VersionedTemplate | undefined {
    const wanted = version ?? template.latestVersion;
    const found = this.history.get(template.id)?.find((entry) => entry.version === wanted);
    return found ? { template, version: found } : undefined;
  }
}
