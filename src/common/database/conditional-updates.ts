import type { Logger } from '@nestjs/common';
import type { Model, mongo } from 'mongoose';
import { withMongo } from './mongo-errors';

/** A condition on one document: a filter for the server, and the same test in code. */
export interface DocumentCondition<TDoc> {
  readonly filter: mongo.Filter<TDoc>;
  readonly holds: (doc: TDoc) => boolean;
}

/**
 * Runs the writes given to it for one document one after another, within this process. FerretDB
 * 1.24 applies concurrent updates of one document to copies it read before, so one overwrites
 * the other (three simultaneous `$push`es onto one document keep fewer than three elements).
 * Across processes FerretDB stays exposed to this; on MongoDB each update is atomic anyway and
 * this only orders them.
 */
export class OneWriteAtATime {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(id: string, write: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(id) ?? Promise.resolve()).then(write);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return result;
  }
}

/** A document as read: `WithId<TDoc>` is `TDoc` itself, its `_id` being a string. */
const stored = <TDoc>(doc: mongo.WithId<TDoc> | null): TDoc | undefined =>
  (doc as TDoc | null) ?? undefined;

/**
 * Conditional updates of a collection's documents that hold on MongoDB and on FerretDB 1.24
 * alike. MongoDB applies a conditional update atomically; FerretDB does not isolate it from a
 * concurrent one (FerretDB#3040), so there the writes of one document are serialised in this
 * process and the condition is checked in code. Failures are persistence errors (`withMongo`,
 * which also runs an operation again while SQLite is busy).
 *
 * Reads and updates go to the collection through the driver, in the documents' stored shape:
 * the callers build updates of plain, typed values and map what they read themselves, so
 * mongoose's casting of the filter and update and its query machinery would only cost time
 * (they were the largest part of a dispatched message's CPU in this process).
 */
export class ConditionalUpdates<TDoc extends { readonly _id: string }> {
  /** Set at start-up by `detectServer`. */
  private onFerretDb = false;
  private readonly writes = new OneWriteAtATime();

  constructor(readonly model: Model<TDoc>) {}

  /** The model's collection (mongoose's, which waits for the connection), typed by its documents. */
  private get collection(): mongo.Collection<TDoc> {
    return this.model.collection as unknown as mongo.Collection<TDoc>;
  }

  /**
   * Learns whether the server is FerretDB; called once at start-up, before the first update.
   * FerretDB also scans the whole collection for every update, which is worth a warning.
   */
  async detectServer(logger: Logger): Promise<void> {
    const info = await withMongo(async () => this.model.db.db?.admin().buildInfo());
    this.onFerretDb = info !== undefined && 'ferretdbVersion' in info;
    if (this.onFerretDb) {
      logger.warn(
        'FerretDB scans a whole collection for every update and does not isolate conditional ones: fine for development and tests; use MongoDB for volume',
      );
    }
  }

  /** Runs `write` once every earlier write of the document `id` in this process has ended. */
  serialised<T>(id: string, write: () => Promise<T>): Promise<T> {
    return this.writes.run(id, write);
  }

  async findById(id: string): Promise<TDoc | undefined> {
    return stored(await withMongo(() => this.collection.findOne(this.byId(id))));
  }

  private byId(id: string): mongo.Filter<TDoc> {
    return { _id: id } as mongo.Filter<TDoc>;
  }

  /**
   * Updates one document when `condition` holds, returning it as updated. MongoDB applies
   * `{_id, ...condition}` atomically. FerretDB does not isolate such a filter: it reads the
   * document by `_id`, matches the other fields and writes, so a caller that has just read the
   * document passes that read (`knownCurrent`): the condition is checked on it and the update
   * filtered by `_id` alone, which is no weaker and saves matching the fields again. Without a
   * read at hand, FerretDB gets the whole filter too: one round trip instead of a read and a
   * write, and the same check on the same document. Run it `serialised` for the check and the
   * update to follow each other undisturbed in this process.
   */
  async updateWhere(
    id: string,
    condition: DocumentCondition<TDoc>,
    update: mongo.UpdateFilter<TDoc>,
    knownCurrent?: TDoc,
  ): Promise<TDoc | undefined> {
    const decided = this.onFerretDb && knownCurrent !== undefined;
    if (decided && !condition.holds(knownCurrent)) return undefined;
    const byId = this.byId(id);
    const filter = decided ? byId : { ...byId, ...condition.filter };
    return stored(
      await withMongo(() =>
        this.collection.findOneAndUpdate(filter, update, {
          returnDocument: 'after',
          ignoreUndefined: true,
        }),
      ),
    );
  }
}
