/**
 * What stores throw when the database refuses or fails a write or read. They carry no HTTP
 * meaning: the exception filter decides how the API answers them. Their messages are written
 * to be shown to callers.
 */

/** A unique key (an id, a name, an idempotency key) is taken. */
export class DuplicateKeyError extends Error {
  constructor(message = 'The resource exists.') {
    super(message);
    this.name = 'DuplicateKeyError';
  }
}

/** The database is unreachable, too busy, or the data kept changing: worth trying again later. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
