import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiError, type ErrorCode } from './api-error';

const STATUS_CODES: Readonly<Partial<Record<number, ErrorCode>>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_ERROR',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHORIZED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

/**
 * Nest's own exceptions (unknown route, a pipe's complaint) in the API's shape. Server-side
 * statuses are left to the caller: they are answered as INTERNAL_ERROR.
 */
export function fromHttpException(exception: HttpException): ApiError | undefined {
  const status = exception.getStatus();
  const code = STATUS_CODES[status];
  if (!code) return undefined;
  return new ApiError(status, code, exception.message);
}

/** Errors raised by the body parser carry `type` and `status`, as body-parser documents. */
interface BodyParserError {
  readonly type: string;
  readonly status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<BodyParserError>).type === 'string' &&
    typeof (error as Partial<BodyParserError>).status === 'number'
  );
}

export function fromBodyParserError(error: unknown): ApiError | undefined {
  if (!isBodyParserError(error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError(
        HttpStatus.BAD_REQUEST,
        'PARSE_ERROR',
        'The request body is not valid JSON.',
      );
    case 'entity.too.large':
      return new ApiError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'PAYLOAD_TOO_LARGE',
        'The request body is larger than this server accepts.',
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body encoding is not supported.',
      );
    default:
      return error.status >= 400 && error.status < 500
        ? new ApiError(HttpStatus.BAD_REQUEST, 'PARSE_ERROR', 'The request body could not be read.')
        : undefined;
  }
}
