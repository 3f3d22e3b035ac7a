import type { TemplateLimits } from '../common/config/limits';

/** What a render may cost: its time, and each part's output. */
export type RenderBudget = Pick<TemplateLimits, 'maxMs' | 'maxChars'>;

/** A render stopped by its budget; the message says which limit it passed. */
export class RenderLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderLimitError';
  }
}

interface Run {
  readonly deadline: number;
  produced: number;
}

/**
 * Counts what a render produces while it produces it. Compiled templates call `count` on every
 * piece they append to their output (`MeteredJavaScriptCompiler`), so a render that passes
 * `maxChars` or its deadline stops at the next piece, however its loops and partials multiply.
 * A block's or a partial's output is appended once more by the program that called it; `mark`,
 * taken before that piece is computed, tells `count` what the nested programs counted already,
 * so each character is counted once. Renders are synchronous: one run at a time.
 */
export class RenderMeter {
  private run?: Run;

  constructor(private readonly budget: RenderBudget) {}

  /** The deadline of a render that starts now. */
  deadline(): number {
    return performance.now() + this.budget.maxMs;
  }

  /** Runs one part's render, counting from zero, until `deadline`. */
  measure<T>(deadline: number, render: () => T): T {
    this.run = { deadline, produced: 0 };
    try {
      return render();
    } finally {
      this.run = undefined;
    }
  }

  /** How much the current run has produced so far. */
  mark(): number {
    return this.run?.produced ?? 0;
  }

  /** Counts a piece appended to the output; throws RenderLimitError past a limit. */
  count(before: number, piece: unknown): string {
    const text = typeof piece === 'string' ? piece : String(piece);
    const run = this.run;
    if (!run) return text;
    run.produced += Math.max(0, text.length - (run.produced - before));
    if (run.produced > this.budget.maxChars) {
      throw new RenderLimitError(
        `the output passed ${this.budget.maxChars} characters, the most a render may produce`,
      );
    }
    if (performance.now() > run.deadline) {
      throw new RenderLimitError(
        `rendering took longer than ${this.budget.maxMs} ms, the most a render may take`,
      );
    }
    return text;
  }
}

/** What this module needs of Handlebars' JavaScriptCompiler, which its types leave out. */
export interface JavaScriptCompilerInstance {
  appendToBuffer(source: unknown, location?: unknown, explicit?: boolean): unknown;
  aliasable(name: string): unknown;
  compile(environment: unknown, options: object, context: unknown, asObject: true): TemplateSpec;
  compiler: unknown;
}

export type JavaScriptCompilerClass = new () => JavaScriptCompilerInstance;

/** A compiled template as the runtime takes it: `main` and its child programs. */
export interface TemplateSpec {
  main: (container: { meter?: RenderMeter }, ...rest: unknown[]) => string;
}

/**
 * Handlebars' code generator with every append to the output wrapped in
 * `container.meter.count(container.meter.mark(), piece)` (`appendToBuffer` is the part of the
 * compiler Handlebars documents for overriding). Child programs are compiled by the same class.
 */
export function meteredCompiler(base: JavaScriptCompilerClass): JavaScriptCompilerClass {
  class MeteredJavaScriptCompiler extends base {
    override appendToBuffer(source: unknown, location?: unknown, explicit?: boolean): unknown {
      const meter = this.aliasable('container.meter');
      return super.appendToBuffer(
        [meter, '.count(', meter, '.mark(), ', source, ')'],
        location,
        explicit,
      );
    }
  }
  MeteredJavaScriptCompiler.prototype.compiler = MeteredJavaScriptCompiler;
  return MeteredJavaScriptCompiler;
}

/** The spec with `container.meter` set before it runs, for the code `meteredCompiler` made. */
export function withMeter(spec: TemplateSpec, meter: RenderMeter): TemplateSpec {
  const main = spec.main;
  spec.main = function metered(this: unknown, container, ...rest) {
    container.meter = meter;
    return main.call(this, container, ...rest);
  };
  return spec;
}
