import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/** The W3C trace-context headers of a span, carried where the call stack does not go (a job). */
export type TraceCarrier = Readonly<Record<string, string>>;

export const tracer = trace.getTracer('switchboard');

/** The active span's context as headers to carry along; undefined when nothing is traced. */
export function currentTraceCarrier(): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** The context a carrier names; without one, a new trace's (never whatever happens to be active). */
export const traceContextOf = (carrier: TraceCarrier | undefined): Context =>
  carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;

export interface SpanOptions {
  readonly kind: SpanKind;
  readonly attributes?: Attributes;
  /** The parent's context; the active one when absent. */
  readonly parent?: Context;
}

/** Marks the span failed with a reason that is safe to export (no stack). */
export function failSpan(span: Span, reason: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
}

/**
 * Runs `work` in a new active span that ends when `work` settles, failed when it throws. With
 * tracing off the span is a no-op.
 */
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { kind, attributes, parent = context.active() } = options;
  return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failSpan(span, error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      span.end();
    }
  });
}
