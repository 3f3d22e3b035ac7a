import type { Request } from 'express';

/**
 * The pattern of the route that answered (`/api/v1/messages/:id`), not the URL: it keeps metric
 * labels and span names bounded. Known once the request has been routed.
 */
export function routePattern(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path;
  return route ? `${req.baseUrl}${route}` : 'unmatched';
}
