import { Catch, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { type ApiError, type FieldProblem, RateLimited } from '../../common/errors/api-error';
import { AllExceptionsFilter } from '../../common/errors/all-exceptions.filter';
import { withFieldsRenamed } from '../../common/errors/renamed-fields';
import { DGAPI_FIELDS } from './dgapi-mapping';

/** The field codes it documents as answers of their own, with their status. */
const FIELD_CODES: Readonly<Partial<Record<string, number>>> = {
  invalid_phone: HttpStatus.BAD_REQUEST,
  message_empty: HttpStatus.BAD_REQUEST,
  message_too_long: HttpStatus.BAD_REQUEST,
  invalid_email: HttpStatus.BAD_REQUEST,
  missing_recipients: HttpStatus.BAD_REQUEST,
  missing_subject: HttpStatus.BAD_REQUEST,
  missing_template: HttpStatus.BAD_REQUEST,
  template_not_found: HttpStatus.BAD_REQUEST,
  template_error: HttpStatus.BAD_REQUEST,
  attachment_too_large: HttpStatus.BAD_REQUEST,
  invalid_entity: HttpStatus.UNPROCESSABLE_ENTITY,
  invalid_attachment: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** Its code and status for one of ours. */
function codeOf(error: ApiError): {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
} {
  const first = (error.details?.[0] ?? {}) as Partial<FieldProblem>;
  if (error.code === 'VALIDATION_ERROR') {
    const status = first.code === undefined ? undefined : FIELD_CODES[first.code];
    return status === undefined || first.code === undefined
      ? { status: error.status, code: 'invalid_request' }
      : { status, code: first.code };
  }
  // An entity used before with another request names another task.
  if (error.code === 'CONFLICT') {
    return {
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      code: 'invalid_entity',
      message: 'This entity names a task made with another request, or one still being made.',
    };
  }
  if (error.code === 'PARSE_ERROR') return { status: error.status, code: 'invalid_json' };
  return { status: error.status, code: error.code.toLowerCase() };
}

/**
 * The Disposition Gateway's errors: `{status: "error", error: {code, message, details?}}` with
 * its lowercase codes (`invalid_phone` 400, `invalid_entity` 422, `not_found` 404 ...), the
 * fields a problem names as its requests name them.
 */
@Catch()
export class DgapiExceptionsFilter extends AllExceptionsFilter {
  protected override respond(res: Response, unified: ApiError): void {
    const error = withFieldsRenamed(unified, DGAPI_FIELDS);
    const { status, code, message = error.message } = codeOf(error);
    if (error instanceof RateLimited) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    res.status(status).json({
      status: 'error',
      error: {
        code,
        message,
        ...(error.details ? { details: error.details } : {}),
      },
    });
  }
}
