import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '../errors/api-error';
import { toFieldProblems } from '../errors/validation-problems';
import { cacheValidationMetadata } from './metadata-cache';

/**
 * Deletes the null properties of a validated DTO and of the DTOs nested in it. A property that
 * is still null after validation is an optional one, which takes null as absent (a required
 * one refuses null), so what reaches a service never holds null for "not given". Plain objects
 * (template data, metadata) are the caller's own values and stay as they are.
 */
function withoutNulls(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) withoutNulls(item);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) return;
  const record = value as Record<string, unknown>;
  for (const [key, property] of Object.entries(record)) {
    if (property === null) Reflect.deleteProperty(record, key);
    else withoutNulls(property);
  }
}

class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const validated: unknown = await super.transform(value, metadata);
    withoutNulls(validated);
    return validated;
  }
}

/**
 * Validation of every body, query and path parameter: unknown fields are refused, values are
 * transformed to their declared types, optional fields take null as absent, and problems are
 * answered in the one error shape. The global pipe, and what checks a body built inside the
 * service (a broadcast's channel parts).
 */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
  });
}
