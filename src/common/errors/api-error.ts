import { HttpStatus } from '@nestjs/common';

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'PARSE_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'PROVIDER_ERROR'
  | 'RECIPIENT_SUPPRESSED'
  | 'CHANNEL_NOT_CONFIGURED'
  | 'SERVICE_UNAVAILABLE';

/** One entry of `details[]` on a validation error. */
export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly unknown[];
  readonly retryAfter?: number;
}

/** An error the API answers with as it is: status, code and a message safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly unknown[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export class ValidationFailed extends ApiError {
  constructor(details: readonly FieldProblem[], message = 'The request is not valid.') {
    super(HttpStatus.BAD_REQUEST, 'VALIDATION_ERROR', message, details);
  }
}

export class Unauthorized extends ApiError {
  constructor(message = 'Missing or invalid credentials.') {
    super(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
  }
}

export class Forbidden extends ApiError {
  constructor(message = 'These credentials do not allow this action.') {
    super(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }
}

export class NotFound extends ApiError {
  constructor(message = 'No such resource.') {
    super(HttpStatus.NOT_FOUND, 'NOT_FOUND', message);
  }
}

/** A documented path asked with a method it is not served with; `allow` lists those it is. */
export class MethodNotAllowed extends ApiError {
  constructor(method: string, allow: string) {
    super(
      HttpStatus.METHOD_NOT_ALLOWED,
      'METHOD_NOT_ALLOWED',
      `${method} is not served here: use ${allow}.`,
    );
  }
}

export class Conflict extends ApiError {
  constructor(message: string) {
    super(HttpStatus.CONFLICT, 'CONFLICT', message);
  }
}

export class ServiceUnavailable extends ApiError {
  constructor(message = 'The service is temporarily unavailable.', details?: readonly unknown[]) {
    super(HttpStatus.SERVICE_UNAVAILABLE, 'SERVICE_UNAVAILABLE', message, details);
  }
}

export class RateLimited extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'RATE_LIMITED',
      `Too many requests: retry after ${retryAfterSeconds} s.`,
    );
  }

  override toBody(): ErrorBody {
    return { ...super.toBody(), retryAfter: this.retryAfterSeconds };
  }
}

export const internalError = (): ErrorBody => ({
  code: 'INTERNAL_ERROR',
  message: 'An unexpected error occurred. Quote the x-request-id header when reporting it.',
});
