import { ApiError, type FieldProblem } from './api-error';

const isFieldProblem = (detail: unknown): detail is FieldProblem =>
  typeof detail === 'object' &&
  detail !== null &&
  typeof (detail as Partial<FieldProblem>).field === 'string' &&
  typeof (detail as Partial<FieldProblem>).message === 'string';

/** `field` in the caller's terms: its own name, or a parent's renamed (`to.0` → `destination.to.0`). */
function renamedField(field: string, names: Readonly<Record<string, string>>): string {
  const [head, ...rest] = field.split('.');
  return Object.hasOwn(names, head) ? [names[head], ...rest].join('.') : field;
}

function renamedProblem(
  problem: FieldProblem,
  names: Readonly<Record<string, string>>,
): FieldProblem {
  const field = renamedField(problem.field, names);
  if (field === problem.field) return problem;
  const message = problem.message.startsWith(`${problem.field} `)
    ? `${field}${problem.message.slice(problem.field.length)}`
    : problem.message;
  return { ...problem, field, message };
}

/**
 * The error with the fields its details name renamed, for an API that names them otherwise
 * (a dialect's request mapped to a unified one); other errors stay as they are.
 */
export function withFieldsRenamed(
  error: ApiError,
  names: Readonly<Record<string, string>>,
): ApiError {
  if (!error.details?.some(isFieldProblem)) return error;
  const details = error.details.map((detail) =>
    isFieldProblem(detail) ? renamedProblem(detail, names) : detail,
  );
  return new ApiError(error.status, error.code, error.message, details);
}
