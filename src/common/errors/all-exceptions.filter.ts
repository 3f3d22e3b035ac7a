import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import type { Response } from 'express';
import { PinoLogger, InjectPinoLogger } from 'nestjs-pino';
import { ApiError, internalError } from './api-error';
import { fromBodyParserError, fromHttpException } from './http-exception-mapping';
import { knownApiError } from './persistence-answers';
import { respondWithApiError } from './respond';

/**
 * The one exception filter: every error leaves in `{code, message, details?}`. A dialect's
 * filter extends it and writes the same errors in its own shape (`respond`).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger(AllExceptionsFilter.name) private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const known = apiErrorOf(exception);
    if (known) {
      this.respond(res, known);
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    if (res.headersSent) return;
    const { code, message } = internalError();
    this.respond(res, new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, code, message));
  }

  /** Writes the answer of an error. */
  protected respond(res: Response, error: ApiError): void {
    respondWithApiError(res, error);
  }
}

/** An exception as the API answers it, when it knows it: undefined for an unexpected one. */
export function apiErrorOf(exception: unknown): ApiError | undefined {
  const known = knownApiError(exception);
  if (known) return known;
  if (exception instanceof HttpException) return fromHttpException(exception);
  return fromBodyParserError(exception);
}
