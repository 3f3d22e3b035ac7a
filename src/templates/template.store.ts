import type {
  TemplateContent,
  TemplateKind,
  TemplateRecord,
  TemplateVersion,
  VersionedTemplate,
  VersionEntry,
} from './template.model';
import type { KeysetPage, TimePosition } from '../common/database/keyset';
import type { AppScope } from '../identity/app-scope';

/** The conflict message of a name clash, the same from every adapter. */
export const nameTaken = (name: string): string => `A template named ${name} exists in this app.`;

/** Reads for one app (API keys), or across apps (admins; template ids are unique everywhere). */
export type TemplateScope = AppScope | 'every-app';

/** Where a page ends: lists run by creation time, then id. */
export type TemplatePosition = TimePosition;

export interface TemplateQuery {
  readonly kind?: TemplateKind;
  readonly name?: string;
  readonly limit: number;
  /** The end of the previous page. */
  readonly after?: TemplatePosition;
  /** Offset paging; ignored with `after`. */
  readonly offset?: number;
  /** Count the matches (bounded), answered as `total`. */
  readonly count?: boolean;
}

/** `next` is what to pass as `after` for the next page; offset pages name none. */
export type TemplatePage = KeysetPage<TemplateRecord, TemplatePosition>;

/** An offset page goes on by offset: it names no next position. */
export const byOffsetOrPosition = (page: TemplatePage, query: TemplateQuery): TemplatePage => {
  if (query.after !== undefined || query.offset === undefined) return page;
  const { items, total, totalCapped } = page;
  return {
    items,
    ...(total === undefined ? {} : { total }),
    ...(totalCapped ? { totalCapped } : {}),
  };
};

/** A new version; name and description change only when given. */
export interface TemplateChange {
  readonly name?: string;
  readonly description?: string;
  readonly content: TemplateContent;
  readonly at: Date;
}

/**
 * Persistence of templates and their versions. Two adapters, MongoDB and in-memory, which both
 * pass test/stores/template-store.contract.ts. Versions are immutable; a new one is numbered
 * one above the highest so far, and two concurrent updates both land, one after the other.
 * Writes take the template's app id: the caller has read the template in its scope first.
 */
export abstract class TemplateStore {
  /** Stores the template and its first version; a name the app already uses is a conflict. */
  abstract create(template: TemplateRecord, first: TemplateVersion): Promise<void>;

  /** The template with the given version, else its latest; undefined when either is missing. */
  abstract get(
    scope: TemplateScope,
    id: string,
    version?: number,
  ): Promise<VersionedTemplate | undefined>;
  abstract getByName(
    appId: string,
    name: string,
    version?: number,
  ): Promise<VersionedTemplate | undefined>;

  /** Templates oldest first (by creation time, then id). */
  abstract list(scope: TemplateScope, query: TemplateQuery): Promise<TemplatePage>;
  /** The template's versions, oldest first; undefined when there is no such template. */
  abstract versions(appId: string, id: string): Promise<readonly VersionEntry[] | undefined>;
  /** The latest version of each of the app's partials. */
  abstract partials(appId: string): Promise<readonly VersionedTemplate[]>;

  /** Saves a new version; undefined when the template is gone, a conflict on a name clash. */
  abstract addVersion(
    appId: string,
    id: string,
    change: TemplateChange,
  ): Promise<VersionedTemplate | undefined>;
  /** Deletes the template with every version; false when there was none. */
  abstract delete(appId: string, id: string): Promise<boolean>;
}
