import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, internalError, RateLimited } from './api-error';
import { apiErrorOf } from './all-exceptions.filter';

/** An error answer in another shape: its status code, body and, if not JSON, content type. */
export interface ShapedError {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

/** Turns an error the API knows into the answer of a surface with its own error shape. */
export type ErrorShape = (error: ApiError) => ShapedError;

const unexpected = (): ApiError => {
  const { code, message } = internalError();
  return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, code, message);
};

/**
 * The errors of routes that answer in another system's error shape: the same errors the API
 * knows, in that shape; an unexpected one is logged and answered without internals.
 */
@Catch()
export class ShapedErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ShapedErrorsFilter.name);

  constructor(private readonly shape: ErrorShape) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const known = apiErrorOf(exception);
    if (!known) this.logger.error({ err: exception }, 'unhandled error');
    if (res.headersSent) return;
    const error = known ?? unexpected();
    if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    const { status, body, contentType } = this.shape(error);
    res.status(status);
    if (contentType === undefined) res.json(body);
    else res.type(contentType).send(JSON.stringify(body));
  }
}
