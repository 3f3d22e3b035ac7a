import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routePattern } from '../http/route-pattern';
import { failSpan, tracer } from './spans';

/**
 * Express middleware: a server span per request, the root of its trace (trace context sent by
 * callers is not trusted: they could otherwise turn tracing off for their requests or pose as
 * another trace). Named after the route that answered, once known.
 */
export function traceRequests(req: Request, res: Response, next: NextFunction): void {
  const span = tracer.startSpan(
    req.method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
    ROOT_CONTEXT,
  );
  if (!span.isRecording()) {
    next();
    return;
  }
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    const route = routePattern(req);
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500) failSpan(span, `answered ${res.statusCode}`);
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  context.with(trace.setSpan(ROOT_CONTEXT, span), next);
}
