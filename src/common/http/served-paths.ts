import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { NotFound } from '../errors/api-error';
import { respondWithApiError } from '../errors/respond';

/**
 * Serves only these paths (each with what lies under it): any other request is answered 404 in
 * the API's shape before it reaches a route, its guards or its body parser.
 */
export function servePathsOnly(paths: readonly string[]): RequestHandler {
  const served = (path: string): boolean =>
    paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (served(req.path)) {
      next();
      return;
    }
    respondWithApiError(res, new NotFound(`Cannot ${req.method} ${req.path}`));
  };
}
