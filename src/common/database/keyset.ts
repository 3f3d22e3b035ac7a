/** A value an order runs on. */
export type KeyValue = Date | string | number;

/**
 * An order a store pages through by key (keyset paging): a page starts strictly after the
 * position where the one before ended, so inserts between pages neither repeat nor skip items.
 */
export interface KeysetOrder<TPosition> {
  /** The document fields of the key, most significant first; together they are unique. */
  readonly fields: readonly string[];
  /** 1 ascending, -1 descending, on every field. */
  readonly direction: 1 | -1;
  /** The values of `fields` at a position. */
  readonly valuesOf: (position: TPosition) => readonly KeyValue[];
}

/**
 * The most matches a list counts: counting costs a read of every match (a scan on FerretDB),
 * so it is asked for, and bounded like offset paging, which also stops at 10,000.
 */
export const COUNT_LIMIT = 10_000;

export interface PageRequest<TPosition> {
  readonly limit: number;
  /** The page starts after this position (exclusive). */
  readonly after?: TPosition;
  /** Offset paging for admin front ends: matches skipped; not with `after`. */
  readonly offset?: number;
  /** Count the matches (at most `COUNT_LIMIT`), answered as `total`. */
  readonly count?: boolean;
}

export interface KeysetPage<TItem, TPosition> {
  readonly items: readonly TItem[];
  /** Position of the last item when more may follow; absent on the last page. */
  readonly next?: TPosition;
  /** Count of all matches when asked for, at most `COUNT_LIMIT`. */
  readonly total?: number;
  /** More than `COUNT_LIMIT` match: `total` is that limit. */
  readonly totalCapped?: true;
}

/** What a count of up to `COUNT_LIMIT + 1` matches answers. */
const countedTotal = (counted: number): { total: number; totalCapped?: true } =>
  counted > COUNT_LIMIT ? { total: COUNT_LIMIT, totalCapped: true } : { total: counted };

/** A place in an order of creation: its time, the id breaking ties. */
export interface TimePosition {
  readonly createdAt: Date;
  readonly id: string;
}

export const timePositionOf = ({ createdAt, id }: TimePosition): TimePosition => ({
  createdAt,
  id,
});

const byTime = (position: TimePosition): readonly KeyValue[] => [position.createdAt, position.id];

export const NEWEST_FIRST: KeysetOrder<TimePosition> = {
  fields: ['createdAt', '_id'],
  direction: -1,
  valuesOf: byTime,
};

export const OLDEST_FIRST: KeysetOrder<TimePosition> = { ...NEWEST_FIRST, direction: 1 };

/** An order by one unique text field (an id, an address), ascending. */
export const byText = (field: string): KeysetOrder<string> => ({
  fields: [field],
  direction: 1,
  valuesOf: (value) => [value],
});

const compareValues = (a: KeyValue | undefined, b: KeyValue | undefined): number => {
  const [x, y] = [a instanceof Date ? a.getTime() : a, b instanceof Date ? b.getTime() : b];
  if (x === y || x === undefined || y === undefined) return 0;
  return x < y ? -1 : 1;
};

/** Negative when position `a` comes first in `order`, positive when after, 0 when equal. */
export function comparePositions<TPosition>(
  order: KeysetOrder<TPosition>,
  a: TPosition,
  b: TPosition,
): number {
  const [left, right] = [order.valuesOf(a), order.valuesOf(b)];
  const first = left.findIndex((value, index) => compareValues(value, right[index]) !== 0);
  return first < 0 ? 0 : order.direction * compareValues(left[first], right[first]);
}

/**
 * The page of `limit` items when `fetched` holds up to one more, which says more follow;
 * `counted` is the count of matches, up to `COUNT_LIMIT + 1`, when it was asked for.
 */
export function pageFrom<TItem, TPosition>(
  fetched: readonly TItem[],
  request: PageRequest<TPosition>,
  positionOf: (item: TItem) => TPosition,
  counted?: number,
): KeysetPage<TItem, TPosition> {
  const items = fetched.slice(0, request.limit);
  const last = items.at(-1);
  const more = fetched.length > request.limit && last !== undefined;
  return {
    items,
    ...(more ? { next: positionOf(last) } : {}),
    ...(counted === undefined ? {} : countedTotal(counted)),
  };
}

/** The memory twin of the stores' keyset queries: a page of `matches`, in `order`. */
export function pageOf<TItem, TPosition>(
  matches: readonly TItem[],
  order: KeysetOrder<TPosition>,
  request: PageRequest<TPosition>,
  positionOf: (item: TItem) => TPosition,
): KeysetPage<TItem, TPosition> {
  const sorted = [...matches].sort((a, b) => comparePositions(order, positionOf(a), positionOf(b)));
  const { after } = request;
  const counted = request.count ? sorted.length : undefined;
  if (after !== undefined) {
    const rest = sorted.filter((item) => comparePositions(order, after, positionOf(item)) < 0);
    return pageFrom(rest.slice(0, request.limit + 1), request, positionOf, counted);
  }
  const offset = request.offset ?? 0;
  return pageFrom(sorted.slice(offset, offset + request.limit + 1), request, positionOf, counted);
}
