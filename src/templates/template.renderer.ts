import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../common/errors/api-error';
import { BoundedCache } from './bounded-cache';
import {
  type CompiledTemplate,
  TemplateEngine,
  TemplateRenderError,
  TemplateSyntaxError,
} from './handlebars.engine';
import type { RenderedTemplate, VersionedTemplate } from './template.model';
import { TemplateStore } from './template.store';
import type { AppScope } from '../identity/app-scope';

/** Compiled versions kept; a version never changes, so an entry never goes stale. */
const CACHE_CAPACITY = 500;

const TEMPLATE_ID = /^tpl_[0-9a-f]{24}$/;

/** Template ids look like this; names may not, so a reference is never ambiguous. */
export const isTemplateId = (value: string): boolean => TEMPLATE_ID.test(value);

/** Which stored template a send uses. */
export interface TemplateRef {
  /** Its id or its name. */
  readonly template: string;
  /** Default: the latest. */
  readonly version?: number;
  /** A subject given with the send, rendered with the same data instead of the stored one. */
  readonly subject?: string;
}

/** What a send gets from a template: a subject always, html and/or text. */
export interface RenderedMessage extends RenderedTemplate {
  readonly subject: string;
}

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message }]);

const isTemplateFailure = (error: unknown): error is TemplateRenderError | TemplateSyntaxError =>
  error instanceof TemplateRenderError || error instanceof TemplateSyntaxError;

/** Renders stored templates with the partials of their own app; compiled versions are cached. */
@Injectable()
export class TemplateRenderer {
  private readonly cache = new BoundedCache<string, CompiledTemplate>(CACHE_CAPACITY);

  constructor(
    private readonly store: TemplateStore,
    private readonly engine: TemplateEngine,
  ) {}

  /**
   * Renders a template of the app for a send. 400 VALIDATION_ERROR with `template_not_found`
   * (field `template` or `templateVersion`) or `template_error` (field `templateData`, or
   * `subject` for a subject given with the send), the message naming a missing variable.
   */
  async render(scope: AppScope, ref: TemplateRef, data: object): Promise<RenderedMessage> {
    const found = await this.find(scope, ref);
    const subject = ref.subject === undefined ? undefined : this.compileSubject(ref.subject);
    try {
      const rendered = await this.renderVersion(found, data);
      const renderedSubject = subject
        ? this.engine.render(subject, data, new Map()).subject
        : rendered.subject;
      if (renderedSubject === undefined) {
        throw problem('template', 'template_error', `${ref.template} has no subject`);
      }
      return { ...rendered, subject: renderedSubject };
    } catch (error) {
      if (!isTemplateFailure(error)) throw error;
      throw problem('templateData', 'template_error', error.message);
    }
  }

  /** Renders one stored version; TemplateRenderError or TemplateSyntaxError when that fails. */
  async renderVersion(found: VersionedTemplate, data: object): Promise<RenderedTemplate> {
    const compiled = this.compiled(found);
    const partials = compiled.usesPartials
      ? await this.partialsOf(found.template.appId)
      : new Map<string, CompiledTemplate>();
    return {
      ...this.engine.render(compiled, data, partials),
      template: { id: found.template.id, version: found.version.version },
    };
  }

  /** The compiled version, from the cache or compiled now; TemplateSyntaxError. */
  compiled(found: VersionedTemplate): CompiledTemplate {
    const key = `${found.template.id}:${found.version.version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const compiled = this.engine.compile(found.version.content);
    this.cache.set(key, compiled);
    return compiled;
  }

  private async partialsOf(appId: string): Promise<Map<string, CompiledTemplate>> {
    const partials = await this.store.partials(appId);
    return new Map(partials.map((partial) => [partial.template.name, this.compiled(partial)]));
  }

  private compileSubject(source: string): CompiledTemplate {
    try {
      return this.engine.compile({ subject: source });
    } catch (error) {
      if (!isTemplateFailure(error)) throw error;
      throw problem('subject', 'template_error', error.message);
    }
  }

  private async find(scope: AppScope, ref: TemplateRef): Promise<VersionedTemplate> {
    const found = await this.lookUp(scope, ref.template, ref.version);
    if (found?.template.kind === 'template') return found;
    if (found) {
      throw problem(
        'template',
        'template_not_found',
        `${ref.template} is a partial: it is included in templates, not sent`,
      );
    }
    if (ref.version !== undefined && (await this.lookUp(scope, ref.template))) {
      throw problem(
        'templateVersion',
        'template_not_found',
        `template ${ref.template} has no version ${ref.version}`,
      );
    }
    throw problem('template', 'template_not_found', `no template ${ref.template} in this app`);
  }

  private lookUp(
    scope: AppScope,
    template: string,
    version?: number,
  ): Promise<VersionedTemplate | undefined> {
    return isTemplateId(template)
      ? this.store.get(scope, template, version)
      : this.store.getByName(scope.appId, template, version);
  }
}
