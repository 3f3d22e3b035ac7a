import type { Logger } from '@nestjs/common';
import { type Model, mongo } from 'mongoose';
import { withMongo } from './mongo-errors';

/** One index of a collection, created at start-up. */
export interface IndexDefinition {
  readonly key: Readonly<Record<string, 1 | -1>>;
  readonly options: mongo.CreateIndexesOptions & { readonly name: string };
}

/**
 * Creates the model's collection and its indexes, at start-up. A server may refuse an index
 * or one of its options (FerretDB 1.24 has no TTL indexes): queries work without it and the
 * periodic purges stand in for expiry, so the refusal is logged and start-up goes on. A unique
 * index is no such help: stores decide races by it, so its refusal stops start-up.
 */
export async function ensureIndexes<T>(
  model: Model<T>,
  indexes: readonly IndexDefinition[],
  logger: Logger,
): Promise<void> {
  await withMongo(() => model.createCollection());
  const refused: string[] = [];
  for (const { key, options } of indexes) {
    try {
      await withMongo(() => model.collection.createIndex({ ...key }, options));
    } catch (error) {
      if (!(error instanceof mongo.MongoServerError) || options.unique === true) throw error;
      refused.push(`${options.name} (${error.message})`);
    }
  }
  if (refused.length > 0) {
    logger.warn(
      `the database refused some indexes of ${model.collection.collectionName}; queries still work, expiry relies on the periodic purge: ${refused.join('; ')}`,
    );
  }
}
