import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './api-error';

/** Codes for class-validator's stock constraints; a rule may set its own with `context.code`. */
const CONSTRAINT_CODES: Readonly<Record<string, string>> = {
  whitelistValidation: 'unknown_field',
  isDefined: 'required',
  isNotEmpty: 'required',
  isString: 'invalid_type',
  isInt: 'invalid_type',
  isNumber: 'invalid_type',
  isBoolean: 'invalid_type',
  isArray: 'invalid_type',
  isObject: 'invalid_type',
  isEnum: 'invalid_value',
  isIn: 'invalid_value',
  min: 'out_of_range',
  max: 'out_of_range',
  minLength: 'too_short',
  maxLength: 'too_long',
  arrayMinSize: 'too_few',
  arrayMaxSize: 'too_many',
  arrayUnique: 'duplicate',
  isEmail: 'invalid_email',
  isUrl: 'invalid_url',
  isDateString: 'invalid_date',
  isIso8601: 'invalid_date',
  matches: 'invalid_format',
};

function codeOf(error: ValidationError, constraint: string): string {
  const context = error.contexts?.[constraint] as { code?: unknown } | undefined;
  if (typeof context?.code === 'string') return context.code;
  return CONSTRAINT_CODES[constraint] ?? 'invalid';
}

/** Flattens class-validator's tree into `{field, code, message}` with dotted field paths. */
export function toFieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      code: codeOf(error, constraint),
      message,
    }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}
