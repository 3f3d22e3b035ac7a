import type { Type } from '@nestjs/common';
import { type FieldProblem, ValidationFailed } from '../common/errors/api-error';
import { createValidationPipe } from '../common/validation/validation.pipe';

/** A body built inside the service is checked as the channel's own route checks one. */
export const channelBodyPipe = createValidationPipe();

/** A problem in the caller's terms: its field, and the field its message starts with. */
function renamedProblem(problem: FieldProblem, caller: string | undefined): FieldProblem {
  if (caller === undefined) return problem;
  const message = problem.message.startsWith(`${problem.field} `)
    ? `${caller}${problem.message.slice(problem.field.length)}`
    : problem.message;
  return { ...problem, field: caller, message };
}

/** Channel fields in the caller's terms: `to` of an SMS is a broadcast's `phone`. */
function renamed(
  error: ValidationFailed,
  fields: Readonly<Record<string, string>>,
): ValidationFailed {
  const details = (error.details ?? []) as readonly FieldProblem[];
  return new ValidationFailed(
    details.map((problem) => renamedProblem(problem, fields[problem.field])),
    error.message,
  );
}

/**
 * What `work` comes to, its validation problems naming the caller's fields (`fields` maps a
 * channel field to the caller's).
 */
export async function inCallerTerms<T>(
  fields: Readonly<Record<string, string>>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof ValidationFailed ? renamed(error, fields) : error;
  }
}

/**
 * `body` as a channel route's body class, validated and transformed as that route does it;
 * problems name the caller's fields.
 */
export const channelBody = <Dto extends object>(
  dto: Type<Dto>,
  body: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, string>> = {},
): Promise<Dto> =>
  inCallerTerms(
    fields,
    async () => (await channelBodyPipe.transform(body, { type: 'body', metatype: dto })) as Dto,
  );

/** The fields given, so that the channel route's rules see the others absent. */
export const givenFields = (fields: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
