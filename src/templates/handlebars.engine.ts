import { Inject, Injectable, Logger } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { TemplateLimits } from '../common/config/limits';
import {
  type JavaScriptCompilerClass,
  meteredCompiler,
  RenderLimitError,
  RenderMeter,
  withMeter,
} from './render-meter';
import { TEMPLATE_PARTS, type TemplateContent, type TemplatePart } from './template.model';

/** Injection token of the templates' limits (`Limits.templates`). */
export const TEMPLATE_LIMITS = Symbol('TEMPLATE_LIMITS');

/** The compiler stages Handlebars runs inside `compile`, which its types leave out. */
interface CompilerStages {
  readonly Compiler: new () => { compile(ast: hbs.AST.Program, options: object): unknown };
  readonly JavaScriptCompiler: JavaScriptCompilerClass;
}

type Delegate = Handlebars.TemplateDelegate;

/** A part that does not compile: the message names the part and the line. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly part: TemplatePart,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** Rendering failed for the given data: the message names the missing variable when there is one. */
export class TemplateRenderError extends Error {
  constructor(
    readonly part: TemplatePart,
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

/**
 * Strict: a missing variable is an error, not an empty string. Only the built-in helpers exist
 * (an unknown one is refused when the template is saved), and `log` is gone so that templates
 * cannot write to the server's output. Subject and text are not HTML: they are not escaped.
 */
const BASE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { log: false },
};
const COMPILE_OPTIONS: Readonly<Record<TemplatePart, CompileOptions>> = {
  subject: { ...BASE_OPTIONS, noEscape: true },
  html: BASE_OPTIONS,
  text: { ...BASE_OPTIONS, noEscape: true },
};
/** Partials come in the flavour of the part that includes them; subjects use the text one. */
const PARTIAL_FLAVOUR: Readonly<Record<TemplatePart, 'html' | 'text'>> = {
  subject: 'text',
  html: 'html',
  text: 'text',
};

const MISSING_VARIABLE = /^"(.+)" not defined in /s;
const MISSING_PARTIAL = /^The partial (.+) could not be found/;
const UNKNOWN_HELPER = /^You specified knownHelpersOnly, but used the unknown helper (\S+)/;
const UNREADABLE_PROPERTY =
  /^Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '(.+)'\)/;
const LOCATION_SUFFIX = / - \d+:\d+$/;

/** Handlebars' own exceptions carry the position of the offending expression. */
interface Located {
  readonly lineNumber?: unknown;
  readonly column?: unknown;
}

const lineOf = (error: Located): number | undefined =>
  typeof error.lineNumber === 'number' ? error.lineNumber : undefined;
const columnOf = (error: Located): number | undefined =>
  typeof error.column === 'number' ? error.column : undefined;

/** Every node of a parsed template for which `test` holds (a template's tree is small). */
function findNodes(node: unknown, test: (node: Record<string, unknown>) => boolean): unknown[] {
  if (Array.isArray(node)) return node.flatMap((child) => findNodes(child, test));
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = test(record) ? [record] : [];
  return [
    ...own,
    ...Object.entries(record)
      .filter(([key]) => key !== 'loc')
      .flatMap(([, child]) => findNodes(child, test)),
  ];
}

const isPartialCall = (node: Record<string, unknown>): boolean =>
  node.type === 'PartialStatement' || node.type === 'PartialBlockStatement';

/** `{{` openings: at least one per expression, found without parsing. */
function expressionsIn(source: string): number {
  let count = 0;
  for (let at = source.indexOf('{{'); at !== -1; at = source.indexOf('{{', at + 2)) count += 1;
  return count;
}

/** A template's parts, compiled; what Handlebars made of them stays inside the engine. */
export class CompiledTemplate {
  constructor(
    readonly content: TemplateContent,
    /** Whether it includes partials: only then are the app's partials loaded for a render. */
    readonly usesPartials: boolean,
  ) {}
}

const compiledParts = new WeakMap<CompiledTemplate, Partial<Record<TemplatePart, Delegate>>>();
const delegateOf = (template: CompiledTemplate, part: TemplatePart): Delegate | undefined =>
  compiledParts.get(template)?.[part];

/**
 * Handlebars, in an environment of its own: nothing is registered globally, and each render gets
 * the partials of the template's app only, in a map made for that render. Prototype properties
 * and methods stay out of reach (Handlebars' defaults since 4.6, left as they are).
 *
 * Bounded: a part holds at most `maxExpressions` expressions (compiling costs per expression,
 * and it happens when a template is saved), and a render stops, as a TemplateRenderError, once
 * it has run `maxMs` or one part has produced `maxChars` characters: the compiled code counts
 * its output as it appends it (`RenderMeter`), so loops in loops and partials in partials stop
 * early instead of holding the event loop.
 */
@Injectable()
export class TemplateEngine {
  private readonly logger = new Logger(TemplateEngine.name);
  private readonly handlebars = Handlebars.create();
  private readonly stages = this.handlebars as unknown as CompilerStages;
  private readonly generator = meteredCompiler(this.stages.JavaScriptCompiler);
  private readonly meter: RenderMeter;

  constructor(@Inject(TEMPLATE_LIMITS) private readonly limits: TemplateLimits) {
    this.meter = new RenderMeter(limits);
    this.handlebars.unregisterHelper('log');
    // Handlebars reports a refused prototype access with console.error, outside the service's
    // structured log; its logger is one object shared by every environment, and this is ours.
    this.handlebars.logger.log = (_level: number, message: string): void => {
      this.logger.warn(`a template was refused: ${message}`);
    };
  }

  /** Compiles every part present; the first that does not compile throws TemplateSyntaxError. */
  compile(content: TemplateContent): CompiledTemplate {
    const delegates: Partial<Record<TemplatePart, Delegate>> = {};
    let usesPartials = false;
    for (const part of TEMPLATE_PARTS) {
      const source = content[part];
      if (source === undefined) continue;
      const compiled = this.compilePart(part, source);
      delegates[part] = compiled.delegate;
      usesPartials = compiled.usesPartials || usesPartials;
    }
    const compiled = new CompiledTemplate(content, usesPartials);
    compiledParts.set(compiled, delegates);
    return compiled;
  }

  /**
   * Renders the parts of `template` with `data`; `partials` maps names to the app's compiled
   * partials. Throws TemplateRenderError.
   */
  render(
    template: CompiledTemplate,
    data: object,
    partials: ReadonlyMap<string, CompiledTemplate>,
  ): Partial<Record<TemplatePart, string>> {
    const rendered: Partial<Record<TemplatePart, string>> = {};
    const deadline = this.meter.deadline();
    for (const part of TEMPLATE_PARTS) {
      const delegate = delegateOf(template, part);
      if (!delegate) continue;
      try {
        rendered[part] = this.meter.measure(deadline, () =>
          delegate(data, { partials: this.partialMap(part, partials) }),
        );
      } catch (error) {
        throw this.renderError(part, template.content[part] ?? '', error);
      }
    }
    return rendered;
  }

  /**
   * Compiles one part now (Handlebars' own `compile` waits for the first render, which would
   * then spend the render's time budget on compiling), with the metered code generator.
   * Throws TemplateSyntaxError; tells whether the part includes partials.
   */
  private compilePart(
    part: TemplatePart,
    source: string,
  ): { readonly delegate: Delegate; readonly usesPartials: boolean } {
    const { maxExpressions } = this.limits;
    if (expressionsIn(source) > maxExpressions) {
      throw new TemplateSyntaxError(
        part,
        `${part}: more than ${maxExpressions} expressions ({{…}}), the most a part may hold`,
      );
    }
    try {
      const options = { data: true, ...COMPILE_OPTIONS[part] };
      const ast = this.handlebars.parse(source, options);
      const usesPartials = findNodes(ast, isPartialCall).length > 0;
      const environment = new this.stages.Compiler().compile(ast, options);
      const spec = new this.generator().compile(environment, options, undefined, true);
      const delegate = this.handlebars.template(withMeter(spec, this.meter));
      return { delegate, usesPartials };
    } catch (error) {
      throw syntaxError(part, error);
    }
  }

  /** A fresh object per render: Handlebars may write compiled partials back into it. */
  private partialMap(
    part: TemplatePart,
    partials: ReadonlyMap<string, CompiledTemplate>,
  ): Record<string, Delegate> {
    const flavour = PARTIAL_FLAVOUR[part];
    const map: Record<string, Delegate> = {};
    for (const [name, partial] of partials) {
      const delegate = delegateOf(partial, flavour);
      if (delegate) map[name] = delegate;
    }
    return map;
  }

  private renderError(part: TemplatePart, source: string, error: unknown): TemplateRenderError {
    if (error instanceof RenderLimitError) {
      return new TemplateRenderError(part, `${part}: ${error.message}`);
    }
    const message = error instanceof Error ? error.message : String(error);
    const missing = MISSING_VARIABLE.exec(message)?.[1];
    if (missing !== undefined) {
      const located = error as Located;
      const line = lineOf(located);
      const column = columnOf(located);
      const path =
        line === undefined || column === undefined
          ? undefined
          : this.pathAt(source, line, column, missing);
      const where = path === undefined ? 'in a partial' : `line ${line}, column ${column}`;
      const variable = path ?? missing;
      return new TemplateRenderError(
        part,
        `${part}: missing variable "${variable}" (${where})`,
        variable,
      );
    }
    const partial = MISSING_PARTIAL.exec(message)?.[1];
    if (partial !== undefined) {
      return new TemplateRenderError(part, `${part}: no partial named "${partial}" for ${part}`);
    }
    const unreadable = UNREADABLE_PROPERTY.exec(message)?.[1];
    if (unreadable !== undefined) {
      return new TemplateRenderError(
        part,
        `${part}: cannot read "${unreadable}": the value that should hold it is missing`,
        unreadable,
      );
    }
    if (error instanceof RangeError) {
      return new TemplateRenderError(part, `${part}: partials include each other without end`);
    }
    return new TemplateRenderError(part, `${part}: ${message.replace(LOCATION_SUFFIX, '')}`);
  }

  /**
   * The full path (`user.name`) of the expression at `line`:`column`, whose last segment is all
   * that Handlebars names; undefined when it is not in `source` (it was in a partial).
   */
  private pathAt(source: string, line: number, column: number, name: string): string | undefined {
    const paths = findNodes(this.handlebars.parse(source), (node) => {
      const loc = node.loc as hbs.AST.SourceLocation | undefined;
      return (
        node.type === 'PathExpression' &&
        loc?.start.line === line &&
        loc.start.column === column &&
        typeof node.original === 'string' &&
        node.original.endsWith(name)
      );
    }) as hbs.AST.PathExpression[];
    return paths[0]?.original;
  }
}

/** Handlebars' parser and compiler messages, on one line, with the part and the line. */
function syntaxError(part: TemplatePart, error: unknown): TemplateSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const located = lineOf(error as Located);
  if (located !== undefined) {
    const unknownHelper = UNKNOWN_HELPER.exec(message)?.[1];
    const text =
      unknownHelper === undefined
        ? message.replace(LOCATION_SUFFIX, '')
        : `unknown helper "${unknownHelper}" (the helpers are if, unless, each, with and lookup)`;
    return new TemplateSyntaxError(part, `${part}, line ${located}: ${text}`, located);
  }
  // The parser's own format: a headline naming the line, the text near the error, a pointer,
  // then what it expected.
  const [headline = '', near = '', ...rest] = message.split('\n');
  const line = Number(/line (\d+)/.exec(headline)?.[1]) || undefined;
  const expected = rest.find((text) => text.startsWith('Expecting'));
  const problem = headline.replace(/ on line \d+[.:]?/, '');
  const text = [problem, expected, near === '' ? undefined : `near "${near}"`]
    .filter((piece) => piece !== undefined && piece !== '')
    .join('; ');
  return new TemplateSyntaxError(
    part,
    line === undefined ? `${part}: ${text}` : `${part}, line ${line}: ${text}`,
    line,
  );
}
