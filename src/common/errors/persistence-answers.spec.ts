import { DuplicateKeyError, StoreUnavailableError } from '../database/persistence-errors';
import { NotFound } from './api-error';
import { knownApiError } from './persistence-answers';

describe('knownApiError', () => {
  it("answers a taken key 409 CONFLICT with the store's message", () => {
    const answer = knownApiError(new DuplicateKeyError('A template named welcome exists.'));
    expect(answer?.status).toBe(409);
    expect(answer?.toBody()).toEqual({
      code: 'CONFLICT',
      message: 'A template named welcome exists.',
    });
  });

  it("answers a database away 503 SERVICE_UNAVAILABLE with the store's message", () => {
    const answer = knownApiError(
      new StoreUnavailableError('The database is unreachable; try again shortly.'),
    );
    expect(answer?.status).toBe(503);
    expect(answer?.toBody()).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unreachable; try again shortly.',
    });
  });

  it("keeps the API's own errors, and knows nothing else", () => {
    const notFound = new NotFound('No message msg_1.');
    expect(knownApiError(notFound)).toBe(notFound);
    expect(knownApiError(new Error('socket hang up'))).toBeUndefined();
  });
});
