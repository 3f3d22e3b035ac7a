import { DuplicateKeyError, StoreUnavailableError } from '../database/persistence-errors';
import { ApiError, Conflict, ServiceUnavailable } from './api-error';

/**
 * The answer an error gets when the API knows it: its own errors as they are, and the stores'
 * persistence errors in HTTP terms (a taken key is 409, a database away or busy 503), each
 * with the store's message. Undefined for anything else.
 */
export function knownApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof DuplicateKeyError) return new Conflict(error.message);
  if (error instanceof StoreUnavailableError) return new ServiceUnavailable(error.message);
  return undefined;
}
