import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type Application, type NextFunction, type Request, type Response, Router } from 'express';

/**
 * Routes found by the first segments of a request's path instead of by a walk over all of them.
 *
 * Express tries its layers in order: a request for the fortieth route tests 39 patterns first,
 * about a tenth of the CPU of accepting a message. Once the app has registered its routes, each
 * run of consecutive route layers is replaced by one layer that looks up the request's leading
 * path segments in a tree and hands the request to a router holding only the routes of that run
 * that could match it, in their registered order. Those are Express's own layers and routers,
 * so every match, parameter and method rule is Express's, and the first route that matches is
 * the one that matched before. (A route's `next('router')` would now leave its run rather than
 * the app's router; no route here calls it.) Written here because no router fits: a radix
 * router (such as find-my-way) would bring matching rules of its own where these keep Express's.
 */

/** How many leading segments a route is filed under: enough to tell this app's routes apart. */
const MAX_DEPTH = 4;
/** A segment a route pattern matches literally (no parameter, wildcard, group or escape). */
const LITERAL = /^[A-Za-z0-9._~-]+$/;

type ExpressLayer = Application['router']['stack'][number];

interface RouteLayer extends ExpressLayer {
  readonly route: NonNullable<ExpressLayer['route']> & {
    /** Whether the route answers a method (GET routes answer HEAD too): Express's own rule. */
    _handlesMethod(method: string): boolean;
  };
}

function isRouteLayer(layer: ExpressLayer): layer is RouteLayer {
  const route = layer.route as { _handlesMethod?: unknown } | undefined;
  return typeof route?._handlesMethod === 'function';
}

/**
 * The leading literal segments of a route pattern, lower-cased: the route matches only paths
 * that begin with them (case aside, as matching ignores case unless the app asks otherwise; a
 * case-sensitive route filed lower-case is only tried more often, never missed).
 */
function literalPrefix(pattern: unknown): string[] {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) return [];
  const prefix: string[] = [];
  for (const segment of pattern.slice(1).split('/')) {
    if (prefix.length === MAX_DEPTH || !LITERAL.test(segment)) break;
    prefix.push(segment.toLowerCase());
  }
  return prefix;
}

/** A node of the tree: the routes filed exactly here, and routers by method, made when asked. */
class PrefixNode {
  readonly children = new Map<string, PrefixNode>();
  /** The routes filed here and at every node above, in their registered order. */
  readonly routes: RouteLayer[] = [];
  private readonly routers = new Map<string, Router | undefined>();

  child(segment: string): PrefixNode {
    const existing = this.children.get(segment);
    if (existing) return existing;
    const created = new PrefixNode();
    this.children.set(segment, created);
    return created;
  }

  /** A router of the routes here that answer `method`, or none: methods are few and known. */
  routerFor(method: string, params: object): Router | undefined {
    if (this.routers.has(method)) return this.routers.get(method);
    const layers = this.routes.filter((layer) => layer.route._handlesMethod(method));
    const router = layers.length > 0 ? Router() : undefined;
    if (router) {
      router.stack = layers;
      // The app's parameter handlers (`app.param`), as the app's own router would run them.
      Object.assign(router, { params });
    }
    this.routers.set(method, router);
    return router;
  }
}

/**
 * Files every route under its literal prefix; each node also holds the routes filed above it.
 * Routes are filed in their registered order, so every node lists them in that order.
 */
function treeOf(run: readonly RouteLayer[]): PrefixNode {
  const root = new PrefixNode();
  const filed = run.map((layer) => {
    let node = root;
    for (const segment of literalPrefix(layer.route.path)) node = node.child(segment);
    return { node, layer };
  });
  const file = (node: PrefixNode, layer: RouteLayer): void => {
    node.routes.push(layer);
    for (const child of node.children.values()) file(child, layer);
  };
  for (const { node, layer } of filed) file(node, layer);
  return root;
}

/** The deepest node along a request path's leading segments. */
function nodeOf(root: PrefixNode, path: string): PrefixNode {
  let node = root;
  if (!path.startsWith('/')) return node;
  let start = 1;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const end = path.indexOf('/', start);
    const segment = (end === -1 ? path.slice(start) : path.slice(start, end)).toLowerCase();
    const child = node.children.get(segment);
    if (!child) return node;
    node = child;
    if (end === -1) return node;
    start = end + 1;
  }
  return node;
}

/** Middleware standing for a run of routes: the request goes to the routes that could match. */
function dispatcherOf(run: readonly RouteLayer[], params: object) {
  const root = treeOf(run);
  return function routeIndex(req: Request, res: Response, next: NextFunction): void {
    const router = nodeOf(root, req.path).routerFor(req.method, params);
    if (router === undefined) {
      next();
      return;
    }
    router(req, res, next);
  };
}

/** The runs of consecutive route layers in a stack, as [start, end) pairs. */
function routeRuns(stack: readonly ExpressLayer[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  stack.forEach((layer, at) => {
    if (isRouteLayer(layer)) {
      if (start === -1) start = at;
      return;
    }
    if (start !== -1 && at - start > 1) runs.push([start, at]);
    start = -1;
  });
  if (start !== -1 && stack.length - start > 1) runs.push([start, stack.length]);
  return runs;
}

/** Replaces every run of two or more route layers in an Express app's router by its index. */
export function indexRoutes(app: Application): void {
  const { router } = app;
  const params = (router as unknown as { params: object }).params;
  for (const [start, end] of routeRuns(router.stack).reverse()) {
    const run = router.stack.slice(start, end).filter(isRouteLayer);
    router.use(dispatcherOf(run, params));
    const dispatcher = router.stack.pop();
    if (dispatcher) router.stack.splice(start, end - start, dispatcher);
  }
}

/** Indexes the app's routes once Nest has registered them (before it listens). */
@Injectable()
export class RouteIndex implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    // An application context without HTTP (the command line) has no adapter and no routes.
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (adapter) indexRoutes(adapter.getInstance<Application>());
  }
}
