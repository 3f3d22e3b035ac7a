import { mongo } from 'mongoose';
import { DuplicateKeyError, StoreUnavailableError } from './persistence-errors';
import { withMongo } from './mongo-errors';

const busy = (): mongo.MongoServerError =>
  new mongo.MongoServerError({
    message:
      '[collection.go:177 sqlite.(*collection).UpdateAll.func1] database is locked (5) (SQLITE_BUSY)',
  });

/** An operation that fails `times` times with `failure()`, then answers `value`. */
function failingThen<T>(
  times: number,
  failure: () => mongo.MongoServerError,
  value: T,
): { run: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    run: async () => {
      calls += 1;
      await Promise.resolve();
      if (calls <= times) throw failure();
      return value;
    },
    calls: () => calls,
  };
}

describe('withMongo', () => {
  it('runs an operation again when SQLite was busy, and answers its result', async () => {
    const op = failingThen(2, busy, 'done');
    await expect(withMongo(op.run)).resolves.toBe('done');
    expect(op.calls()).toBe(3);
  });

  it('gives up after a few busy answers as the store being unavailable, not an internal error', async () => {
    const op = failingThen(20, busy, 'never');
    await expect(withMongo(op.run)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(op.calls()).toBe(7);
  });

  it.each([
    [
      'SQLite',
      '[collection.go:191 sqlite.(*collection).UpdateAll] UNIQUE constraint failed: index',
    ],
    [
      'PostgreSQL',
      '[collection.go:218 postgresql.(*collection).UpdateAll.func1] ERROR: duplicate key value violates unique constraint "templates_f00c3c10_name_idx" (SQLSTATE 23505)',
    ],
  ])(
    "reports a duplicate key for FerretDB's unique-index refusal of an update on %s, which has no duplicate-key code",
    async (_storage, message) => {
      const unique = new mongo.MongoServerError({ message, code: 1 });
      const op = failingThen(1, () => unique, 'never');
      await expect(withMongo(op.run, 'name taken')).rejects.toEqual(
        new DuplicateKeyError('name taken'),
      );
      expect(op.calls()).toBe(1);
    },
  );

  it('does not repeat other failures', async () => {
    const duplicate = new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    const op = failingThen(1, () => duplicate, 'never');
    await expect(withMongo(op.run, 'taken')).rejects.toEqual(new DuplicateKeyError('taken'));
    expect(op.calls()).toBe(1);
  });
});
