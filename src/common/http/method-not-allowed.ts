import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MethodNotAllowed } from '../errors/api-error';
import { respondWithApiError } from '../errors/respond';

/** The keys of an OpenAPI path item that are operations (the others describe the path). */
const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

interface KnownPath {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
}

/** `/api/v1/apps/{appId}` → a pattern matching one path segment for each `{parameter}`. */
function patternOf(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}/?$`);
}

/** The methods a request path is served with: those of every documented path it matches. */
function allowedMethods(known: readonly KnownPath[], path: string): Set<string> {
  const methods = new Set<string>();
  for (const { pattern, methods: declared } of known) {
    if (pattern.test(path)) for (const method of declared) methods.add(method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return methods;
}

/**
 * Answers a request for a documented path with a method it is not documented for: `405 Method
 * Not Allowed` with `Allow` (RFC 9110), instead of the router's 404. `OPTIONS` passes on, for
 * whatever answers preflights; paths the document does not name stay 404.
 */
export function answerUndeclaredMethods(paths: Readonly<Record<string, object>>): RequestHandler {
  const known: KnownPath[] = Object.entries(paths).map(([template, item]) => ({
    pattern: patternOf(template),
    methods: Object.keys(item)
      .map((key) => key.toUpperCase())
      .filter((method) => HTTP_METHODS.has(method)),
  }));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    const methods = allowedMethods(known, req.path);
    if (methods.size === 0 || methods.has(req.method)) {
      next();
      return;
    }
    const allow = [...methods].sort().join(', ');
    res.setHeader('Allow', allow);
    respondWithApiError(res, new MethodNotAllowed(req.method, allow));
  };
}
