import { json, type NextFunction, type Request, type Response } from 'express';
import { fromBodyParserError } from '../errors/http-exception-mapping';
import { respondWithApiError } from '../errors/respond';

/** JSON bodies up to `limit`; any content type that claims JSON (`application/*+json` too). */
export const parseJsonBodies = (limit: string): ReturnType<typeof json> =>
  json({ limit, type: ['application/json', 'application/*+json'] });

/**
 * The body parser runs before Nest's router, so its errors never reach the exception filter;
 * this handler answers them in the same shape.
 */
export function answerBodyParserErrors(
  error: unknown,
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  const apiError = fromBodyParserError(error);
  if (!apiError) {
    next(error);
    return;
  }
  respondWithApiError(res, apiError);
}
