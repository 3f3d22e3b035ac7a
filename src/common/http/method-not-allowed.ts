import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MethodNotAllowed } from '../errors/api-error';
import { respondWithApiError } from '../errors/respond';

/** The keys of an OpenAPI path item that are operations (the others describe the path). */
const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

interface KnownPath {
  readonly template: string;
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

/**
 * Segments of a path, a trailing slash aside. A template matches only paths with as many: each
 * of its parameters takes the text of one segment, and its pattern one trailing slash.
 */
function segmentCount(path: string): number {
  let count = 0;
  const end = path.endsWith('/') ? path.length - 1 : path.length;
  for (let at = path.indexOf('/'); at !== -1 && at < end; at = path.indexOf('/', at + 1)) count++;
  return count;
}

/**
 * The documented paths by the segment counts of the paths they match, so that a request is
 * tested against those only. A template ending with a slash also matches itself followed by
 * another (its pattern's optional slash), which has one segment more.
 */
function bySegments(known: readonly KnownPath[]): Map<number, KnownPath[]> {
  const grouped = new Map<number, KnownPath[]>();
  for (const path of known) {
    const count = segmentCount(path.template);
    const counts = path.template.endsWith('/') ? [count, count + 1] : [count];
    for (const each of counts) grouped.set(each, [...(grouped.get(each) ?? []), path]);
  }
  return grouped;
}

/** The methods a request path is served with: those of every documented path it matches. */
function allowedMethods(
  known: ReadonlyMap<number, readonly KnownPath[]>,
  path: string,
): Set<string> {
  const methods = new Set<string>();
  for (const { pattern, methods: declared } of known.get(segmentCount(path)) ?? []) {
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
  const known = bySegments(
    Object.entries(paths).map(([template, item]) => ({
      template,
      pattern: patternOf(template),
      methods: Object.keys(item)
        .map((key) => key.toUpperCase())
        .filter((method) => HTTP_METHODS.has(method)),
    })),
  );
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

/**
 * Puts `answerUndeclaredMethods` after the routes, ahead of the not-found answer: a request a
 * route serves never pays for the check, and only a request no route took is tested against the
 * document. Nest registers the routes before `onModuleInit` and its not-found handler after.
 */
@Injectable()
export class UndeclaredMethods implements OnModuleInit {
  private answer?: RequestHandler;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The documented paths and their methods (the OpenAPI document's `paths`). */
  answerFor(paths: Readonly<Record<string, object>>): void {
    this.answer = answerUndeclaredMethods(paths);
  }

  onModuleInit(): void {
    // Only an app set up for HTTP (`configureApp`) has a document to answer from.
    if (this.answer) this.adapterHost.httpAdapter.use(this.answer);
  }
}
