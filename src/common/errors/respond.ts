import type { Response } from 'express';
import { RateLimited, type ApiError, type ErrorBody } from './api-error';

/** Writes an error answer; the one place that shapes them, for the filter and the body parser. */
export function respondWithError(res: Response, status: number, body: ErrorBody): void {
  res.status(status).json(body);
}

export function respondWithApiError(res: Response, error: ApiError): void {
  if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  respondWithError(res, error.status, error.toBody());
}
