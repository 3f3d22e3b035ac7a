import type { FilterQuery, Model } from 'mongoose';
import type { KeysetOrder, KeysetPage, PageRequest } from './keyset';
import { COUNT_LIMIT, pageFrom } from './keyset';
import { withMongo } from './mongo-errors';

/** The sort of `order`, as MongoDB takes it. */
export const sortOf = <TPosition>(order: KeysetOrder<TPosition>): Record<string, 1 | -1> =>
  Object.fromEntries(order.fields.map((field) => [field, order.direction]));

/** Strictly after `position` in `order`: one field beyond it, all before that field equal. */
export function afterPosition<TDoc, TPosition>(
  order: KeysetOrder<TPosition>,
  position: TPosition,
): FilterQuery<TDoc> {
  const values = order.valuesOf(position);
  const beyond = order.direction === 1 ? '$gt' : '$lt';
  const clauses = order.fields.map((field, index): Record<string, unknown> => ({
    ...Object.fromEntries(order.fields.slice(0, index).map((equal, at) => [equal, values[at]])),
    [field]: { [beyond]: values[index] },
  }));
  return clauses.length === 1 ? clauses[0] : { $or: clauses };
}

export interface KeysetQuery<TDoc, TPosition> {
  /** What to match; its top level holds no `$or` of its own (the position adds one). */
  readonly filter: FilterQuery<TDoc>;
  readonly order: KeysetOrder<TPosition>;
  readonly page: PageRequest<TPosition>;
  /** The fields to read (1), or to leave unread (0), when not all of them. */
  readonly projection?: Readonly<Record<string, 0 | 1>>;
}

/**
 * One page of a keyset query: `limit + 1` documents from the position on (or from the offset),
 * so that the one beyond the page tells whether more follow; and, when asked, a count of the
 * matches that stops after `COUNT_LIMIT + 1`.
 */
export async function findPage<TDoc, TItem, TPosition>(
  model: Model<TDoc>,
  query: KeysetQuery<TDoc, TPosition>,
  toItem: (doc: TDoc) => TItem,
  positionOf: (item: TItem) => TPosition,
): Promise<KeysetPage<TItem, TPosition>> {
  const { filter, order, page, projection } = query;
  const offset = page.after === undefined ? page.offset : undefined;
  const paged =
    page.after === undefined ? filter : { ...filter, ...afterPosition(order, page.after) };
  const [docs, counted] = await Promise.all([
    withMongo(() =>
      model
        .find(paged, projection)
        .sort(sortOf(order))
        .skip(offset ?? 0)
        .limit(page.limit + 1)
        .lean<TDoc[]>()
        .exec(),
    ),
    page.count
      ? withMongo(() => model.countDocuments(filter, { limit: COUNT_LIMIT + 1 }).exec())
      : undefined,
  ]);
  return pageFrom(docs.map(toItem), page, positionOf, counted);
}
