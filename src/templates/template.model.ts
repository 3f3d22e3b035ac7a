/**
 * `template`: sendable (subject required). `partial`: a piece other templates of the same app
 * include by name, `{{> footer}}`, or wrap their content in, `{{#> layout}}…{{/layout}}`.
 */
export const TEMPLATE_KINDS = ['template', 'partial'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_PARTS = ['subject', 'html', 'text'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

/** Handlebars sources of one version; at least `html` or `text`. */
export type TemplateContent = Readonly<Partial<Record<TemplatePart, string>>>;

/** A template without its content: what lists show. */
export interface TemplateRecord {
  readonly id: string;
  readonly appId: string;
  /** Unique within the app; partials are included by it. */
  readonly name: string;
  readonly kind: TemplateKind;
  readonly description?: string;
  readonly latestVersion: number;
  readonly createdAt: Date;
  /** When the latest version was saved. */
  readonly updatedAt: Date;
}

/** One saved version: never changed once written. */
export interface TemplateVersion {
  readonly version: number;
  readonly content: TemplateContent;
  readonly createdAt: Date;
}

/** A template with the content of one of its versions (the latest unless one was asked for). */
export interface VersionedTemplate {
  readonly template: TemplateRecord;
  readonly version: TemplateVersion;
}

/** A version's place in a template's history. */
export interface VersionEntry {
  readonly version: number;
  readonly createdAt: Date;
}

/** The text a template produced for some data. */
export interface RenderedTemplate {
  readonly subject?: string;
  readonly html?: string;
  readonly text?: string;
  readonly template: { readonly id: string; readonly version: number };
}
