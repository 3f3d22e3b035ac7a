import { Injectable } from '@nestjs/common';
import { AppsService } from '../identity/apps.service';
import { actingApp, keyOwnApp } from '../identity/acting-app';
import type { Principal } from '../identity/principal';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../common/crypto/crypto.service';
import { type FieldProblem, NotFound, ValidationFailed } from '../common/errors/api-error';
import { plainCursors } from '../common/http/cursor';
import { TemplateEngine, TemplateRenderError, TemplateSyntaxError } from './handlebars.engine';
import type {
  RenderedTemplate,
  TemplateContent,
  TemplateKind,
  VersionedTemplate,
  VersionEntry,
} from './template.model';
import { TemplateRenderer } from './template.renderer';
import { type TemplatePage, type TemplateScope, TemplateStore } from './template.store';
import type {
  CreateTemplateDto,
  ListTemplatesQuery,
  PreviewTemplateDto,
  UpdateTemplateDto,
} from './templates.dto';

const DEFAULT_PAGE_SIZE = 20;

export interface TemplateList {
  readonly page: TemplatePage;
  readonly nextCursor?: string;
}

const hasText = (source: string | undefined): source is string =>
  source !== undefined && /\S/u.test(source);

const contentOf = (dto: CreateTemplateDto | UpdateTemplateDto): TemplateContent => ({
  ...(dto.subject === undefined ? {} : { subject: dto.subject }),
  ...(dto.html === undefined ? {} : { html: dto.html }),
  ...(dto.text === undefined ? {} : { text: dto.text }),
});

/** What each kind needs: a template is sent (subject and a body), a partial is included. */
function contentProblems(kind: TemplateKind, content: TemplateContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (kind === 'template' && !hasText(content.subject)) {
    problems.push({
      field: 'subject',
      code: 'missing_subject',
      message: 'subject is required for a template',
    });
  }
  if (content.subject !== undefined && /[\r\n]/u.test(content.subject)) {
    problems.push({
      field: 'subject',
      code: 'invalid_header',
      message: 'subject must be one line: no CR or LF',
    });
  }
  if (kind === 'partial' && content.subject !== undefined) {
    problems.push({
      field: 'subject',
      code: 'not_allowed',
      message: 'partials have no subject: they are included in the html or text of templates',
    });
  }
  if (!hasText(content.html) && !hasText(content.text)) {
    problems.push({ field: 'text', code: 'message_empty', message: 'html or text is required' });
  }
  return problems;
}

const notFound = (id: string): NotFound => new NotFound(`No template ${id}.`);

/**
 * Templates of apps: an API key works on its own app's, an admin token on any app's (naming the
 * app when creating). Content is compiled before it is saved, so a syntax error is a 400.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly store: TemplateStore,
    private readonly engine: TemplateEngine,
    private readonly renderer: TemplateRenderer,
    private readonly apps: AppsService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateTemplateDto): Promise<VersionedTemplate> {
    const { appId } = await actingApp(principal, dto.appId, this.apps, { what: 'templates' });
    const kind = dto.kind ?? 'template';
    const content = this.checked(kind, contentOf(dto));
    const now = this.clock.now();
    const created: VersionedTemplate = {
      template: {
        id: this.crypto.newId('tpl', now),
        appId,
        name: dto.name,
        kind,
        ...(dto.description === undefined ? {} : { description: dto.description }),
        latestVersion: 1,
        createdAt: now,
        updatedAt: now,
      },
      version: { version: 1, content, createdAt: now },
    };
    await this.store.create(created.template, created.version);
    return created;
  }

  async list(principal: Principal, query: ListTemplatesQuery): Promise<TemplateList> {
    const after = plainCursors.decodeTime(query.cursor);
    const page = await this.store.list(this.listScope(principal, query.appId), {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.name === undefined ? {} : { name: query.name }),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      ...(after === undefined ? {} : { after }),
      ...(after === undefined && query.offset !== undefined ? { offset: query.offset } : {}),
      ...(query.count ? { count: true } : {}),
    });
    const { next } = page;
    return next === undefined ? { page } : { page, nextCursor: plainCursors.encodeTime(next) };
  }

  /** The latest version, or the one asked for. */
  async get(principal: Principal, id: string, version?: number): Promise<VersionedTemplate> {
    const found = await this.store.get(this.scopeOf(principal), id, version);
    if (found) return found;
    if (version !== undefined && (await this.store.get(this.scopeOf(principal), id))) {
      throw new NotFound(`Template ${id} has no version ${version}.`);
    }
    throw notFound(id);
  }

  async versions(principal: Principal, id: string): Promise<readonly VersionEntry[]> {
    const { template } = await this.get(principal, id);
    const versions = await this.store.versions(template.appId, id);
    if (!versions) throw notFound(id);
    return versions;
  }

  /** Saves the content as a new version; earlier versions stay readable. */
  async update(
    principal: Principal,
    id: string,
    dto: UpdateTemplateDto,
  ): Promise<VersionedTemplate> {
    const { template } = await this.get(principal, id);
    const content = this.checked(template.kind, contentOf(dto));
    const updated = await this.store.addVersion(template.appId, id, {
      ...(dto.name === undefined ? {} : { name: dto.name }),
      ...(dto.description === undefined ? {} : { description: dto.description }),
      content,
      at: this.clock.now(),
    });
    if (!updated) throw notFound(id);
    return updated;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const { template } = await this.get(principal, id);
    if (!(await this.store.delete(template.appId, id))) throw notFound(id);
  }

  /** Renders a version with the given data; a failure is a 400 `template_error` on `data`. */
  async preview(
    principal: Principal,
    id: string,
    dto: PreviewTemplateDto,
  ): Promise<RenderedTemplate> {
    const found = await this.get(principal, id, dto.version);
    try {
      return await this.renderer.renderVersion(found, dto.data ?? {});
    } catch (error) {
      if (!(error instanceof TemplateRenderError || error instanceof TemplateSyntaxError)) {
        throw error;
      }
      throw new ValidationFailed([
        { field: 'data', code: 'template_error', message: error.message },
      ]);
    }
  }

  /** The content if it suits the kind and compiles; else 400 naming the part. */
  private checked(kind: TemplateKind, content: TemplateContent): TemplateContent {
    const problems = contentProblems(kind, content);
    if (problems.length > 0) throw new ValidationFailed(problems);
    try {
      this.engine.compile(content);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      throw new ValidationFailed([
        { field: error.part, code: 'template_error', message: error.message },
      ]);
    }
    return content;
  }

  private scopeOf(principal: Principal): TemplateScope {
    return principal.kind === 'apiKey' ? { appId: principal.appId } : 'every-app';
  }

  private listScope(principal: Principal, appId: string | undefined): TemplateScope {
    if (principal.kind === 'apiKey') return keyOwnApp(principal, appId, { what: 'templates' });
    return appId === undefined ? 'every-app' : { appId };
  }
}
