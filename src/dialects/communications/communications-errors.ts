import { STATUS_CODES } from 'node:http';
import type { ApiError, FieldProblem } from '../../common/errors/api-error';
import type { ShapedError } from '../../common/errors/shaped-errors.filter';

/** The problem types RFC 9110 gives the client error statuses this API answers. */
const SECTIONS: Readonly<Partial<Record<number, string>>> = {
  400: '15.5.1',
  401: '15.5.2',
  403: '15.5.4',
  404: '15.5.5',
  409: '15.5.10',
  413: '15.5.14',
  415: '15.5.16',
};

const problemType = (status: number): string => {
  const section = SECTIONS[status];
  return section === undefined
    ? 'about:blank'
    : `https://tools.ietf.org/html/rfc9110#section-${section}`;
};

const isFieldProblem = (detail: unknown): detail is FieldProblem =>
  typeof (detail as Partial<FieldProblem> | undefined)?.field === 'string' &&
  typeof (detail as Partial<FieldProblem>).message === 'string';

/** Field problems by field, as validation problem details list them. */
function fieldErrors(error: ApiError): Record<string, string[]> | undefined {
  const problems = (error.details ?? []).filter(isFieldProblem);
  if (error.code !== 'VALIDATION_ERROR' || problems.length === 0) return undefined;
  const errors: Record<string, string[]> = {};
  for (const { field, message } of problems) errors[field] = [...(errors[field] ?? []), message];
  return errors;
}

/** Errors as RFC 9457 problem details (`application/problem+json`), as the system answered. */
export function problemDetails(error: ApiError): ShapedError {
  const errors = fieldErrors(error);
  return {
    status: error.status,
    contentType: 'application/problem+json',
    body: {
      type: problemType(error.status),
      title: errors
        ? 'One or more validation errors occurred.'
        : (STATUS_CODES[error.status] ?? 'Error'),
      status: error.status,
      detail: error.message,
      ...(errors ? { errors } : {}),
    },
  };
}
