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
  readonly message?: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<BodyParserError>).type === 'string' &&
    typeof (error as Partial<BodyParserError>).status === 'number'
  );
}

/** A JSON body past the depth or value bounds, refused before it was parsed. */
const boundsProblem = (code: string, error: BodyParserError): ApiError =>
  new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_ERROR', 'The request is not valid.', [
    { field: 'body', code, message: error.message ?? 'The JSON body is beyond its bounds.' },
  ]);

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
    case 'entity.too.deep':
      return boundsProblem('json_too_deep', error);
    case 'entity.too.many.elements':
      return boundsProblem('json_too_many_values', error);
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
