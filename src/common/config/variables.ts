import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Raised when the environment is wrong; its message is the one line printed before exiting. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * A class whose properties are environment variables as they arrive, each with its
 * class-validator decorators (at least `@IsOptional()`), so that the decorators name them all.
 */
export type VariablesClass<T extends object = object> = new () => T;

/** The variables a class declares, in the order it declares them. */
export function variableNames(type: VariablesClass): string[] {
  const declared = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(declared.map(({ propertyName }) => propertyName))];
}

function firstProblem(errors: ValidationError[]): ConfigError | undefined {
  const error = errors.at(0);
  if (!error) return undefined;
  const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  // class-validator messages start with the property name; the one line names it once.
  return new ConfigError(error.property, reason.replace(new RegExp(`^${error.property}\\s+`), ''));
}

/** The class's variables taken from `env` and checked; a `ConfigError` names the first wrong one. */
export function readVariables<T extends object>(env: Environment, type: VariablesClass<T>): T {
  const raw = Object.fromEntries(variableNames(type).map((name) => [name, env[name]]));
  const variables = plainToInstance(type, raw);
  const problem = firstProblem(validateSync(variables, { stopAtFirstError: true }));
  if (problem) throw problem;
  return variables;
}
