import { setTimeout as sleep } from 'node:timers/promises';
import { type Model, mongo } from 'mongoose';
import { DuplicateKeyError, StoreUnavailableError } from './persistence-errors';

const UNAVAILABLE = [
  mongo.MongoNetworkError,
  mongo.MongoServerSelectionError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
];

const DUPLICATE_KEY = 11000;

/**
 * FerretDB on SQLite refuses an operation that waited too long for SQLite's write lock with
 * this error (it carries no code of its own, only the message). SQLite rolled it back, so it
 * can be run again; MongoDB's driver retries its own transient write errors itself.
 */
const isLockBusy = (error: unknown): boolean =>
  error instanceof mongo.MongoServerError && error.message.includes('SQLITE_BUSY');

/**
 * What FerretDB 1.24 says when a unique index refuses an update (its inserts do use the
 * duplicate-key code): InternalError with its storage's own words, SQLite's or PostgreSQL's
 * (unique_violation, SQLSTATE 23505).
 */
const UNIQUE_REFUSALS = ['UNIQUE constraint failed', '(SQLSTATE 23505)'];

/** A unique index refused the write: MongoDB's duplicate-key code, or FerretDB's words for it. */
const breaksUniqueIndex = (error: unknown): boolean =>
  error instanceof mongo.MongoServerError &&
  (error.code === DUPLICATE_KEY || UNIQUE_REFUSALS.some((words) => error.message.includes(words)));

/** Driver failures as persistence errors: a lost or busy database, or a taken unique key. */
export function translateMongoError(error: unknown, duplicateMessage?: string): unknown {
  if (UNAVAILABLE.some((type) => error instanceof type)) {
    return new StoreUnavailableError('The database is unreachable; try again shortly.');
  }
  if (isLockBusy(error))
    return new StoreUnavailableError('The database is busy; try again shortly.');
  if (breaksUniqueIndex(error)) return new DuplicateKeyError(duplicateMessage);
  return error;
}

const BUSY_RETRIES = 6;
const BUSY_BACKOFF_MS = 25;

/**
 * Runs a store operation and translates what the driver throws. An operation refused because
 * the database was busy is run again a few times, with growing jittered pauses.
 */
export async function withMongo<T>(
  operation: () => Promise<T>,
  duplicateMessage?: string,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isLockBusy(error) || retry >= BUSY_RETRIES)
        throw translateMongoError(error, duplicateMessage);
      await sleep(BUSY_BACKOFF_MS * 2 ** retry * (0.5 + Math.random()));
    }
  }
}

/** True once `insert` succeeded, false when a unique key refused it. */
async function unlessTaken(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await withMongo(insert);
    return true;
  } catch (error) {
    if (error instanceof DuplicateKeyError) return false;
    throw error;
  }
}

/** Inserts a document; false instead of a DuplicateKeyError when a unique key refuses it. */
export function insertUnlessTaken<T>(model: Model<T>, doc: T): Promise<boolean> {
  return unlessTaken(() => model.create(doc));
}

/**
 * `insertUnlessTaken` for a document already in its stored shape (plain strings, numbers and
 * dates, every field set): written as it is, without building a mongoose document to cast,
 * default and validate it, which is most of what such an insert costs the process.
 */
export function insertStoredUnlessTaken<T extends { _id: string }>(
  model: Model<T>,
  doc: T,
): Promise<boolean> {
  return unlessTaken(() => model.collection.insertOne(doc as unknown as mongo.Document));
}
