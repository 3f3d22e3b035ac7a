import type { ApiError, FieldProblem } from '../../common/errors/api-error';
import type { ShapedError } from '../../common/errors/shaped-errors.filter';

/** A field problem as `field: message`. */
const problemText = (detail: unknown): string | undefined => {
  const problem = detail as Partial<FieldProblem> | undefined;
  return typeof problem?.message === 'string' ? problem.message : undefined;
};

/**
 * The service's error answers, `{detail}`: the status codes stay the API's (400 invalid, 502
 * the provider failed, 503 the channel has no provider), the text says what went wrong.
 */
export function commsError(error: ApiError): ShapedError {
  const problems = (error.details ?? []).flatMap((detail) => problemText(detail) ?? []);
  const detail =
    error.code === 'VALIDATION_ERROR' && problems.length > 0 ? problems.join('; ') : error.message;
  return { status: error.status, body: { detail } };
}
