import { mongo } from 'mongoose';
import { Conflict, ServiceUnavailable } from '../errors/api-error';

const UNAVAILABLE = [
  mongo.MongoNetworkError,
  mongo.MongoServerSelectionError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
];

const DUPLICATE_KEY = 11000;

/** Driver failures in the API's terms: a lost database is 503, a duplicate is 409. */
export function translateMongoError(
  error: unknown,
  duplicateMessage = 'The resource exists.',
): unknown {
  if (UNAVAILABLE.some((type) => error instanceof type)) {
    return new ServiceUnavailable('The database is unreachable; try again shortly.');
  }
  if (error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY) {
    return new Conflict(duplicateMessage);
  }
  return error;
}

/** Runs a store operation and translates what the driver throws. */
export async function withMongo<T>(
  operation: () => Promise<T>,
  duplicateMessage?: string,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translateMongoError(error, duplicateMessage);
  }
}
