import { ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '../errors/api-error';
import { toFieldProblems } from '../errors/validation-problems';

/**
 * Validation of every body, query and path parameter: unknown fields are refused, values are
 * transformed to their declared types, and problems are answered in the one error shape. The
 * global pipe, and what checks a body built inside the service (a broadcast's channel parts).
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
  });
