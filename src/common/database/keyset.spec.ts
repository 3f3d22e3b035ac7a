import {
  byText,
  COUNT_LIMIT,
  comparePositions,
  NEWEST_FIRST,
  OLDEST_FIRST,
  pageOf,
  type TimePosition,
  timePositionOf,
} from './keyset';
import { afterPosition, sortOf } from './mongo-keyset';

const at = (second: number): Date => new Date(Date.UTC(2030, 0, 1, 0, 0, second));
const item = (second: number, id: string): TimePosition & { readonly label: string } => ({
  createdAt: at(second),
  id,
  label: `${second}/${id}`,
});
const labels = (items: readonly { readonly label: string }[]): string[] =>
  items.map((entry) => entry.label);

describe('keyset paging', () => {
  const items = [item(2, 'b'), item(1, 'a'), item(2, 'a'), item(3, 'a'), item(1, 'b')];

  it('orders newest first by time, then by id, and oldest first the other way round', () => {
    const newest = pageOf(items, NEWEST_FIRST, { limit: 10 }, timePositionOf);
    expect(labels(newest.items)).toEqual(['3/a', '2/b', '2/a', '1/b', '1/a']);
    const oldest = pageOf(items, OLDEST_FIRST, { limit: 10 }, timePositionOf);
    expect(labels(oldest.items)).toEqual(['1/a', '1/b', '2/a', '2/b', '3/a']);
    expect(comparePositions(NEWEST_FIRST, item(2, 'b'), item(2, 'a'))).toBeLessThan(0);
    expect(comparePositions(OLDEST_FIRST, item(2, 'a'), item(2, 'a'))).toBe(0);
  });

  it('pages on strictly after the position where the page before ended', () => {
    const first = pageOf(items, NEWEST_FIRST, { limit: 2 }, timePositionOf);
    expect(labels(first.items)).toEqual(['3/a', '2/b']);
    expect(first.next).toEqual({ createdAt: at(2), id: 'b' });
    expect(first.total).toBeUndefined();
    const second = pageOf(items, NEWEST_FIRST, { limit: 2, after: first.next }, timePositionOf);
    expect(labels(second.items)).toEqual(['2/a', '1/b']);
    const last = pageOf(items, NEWEST_FIRST, { limit: 2, after: second.next }, timePositionOf);
    expect(labels(last.items)).toEqual(['1/a']);
    expect(last).not.toHaveProperty('next');
  });

  it('pages by offset with the count of every match, the position winning over an offset', () => {
    const page = pageOf(items, OLDEST_FIRST, { limit: 2, offset: 3, count: true }, timePositionOf);
    expect(labels(page.items)).toEqual(['2/b', '3/a']);
    expect(page.total).toBe(5);
    expect(page).not.toHaveProperty('next');
    const positioned = pageOf(
      items,
      OLDEST_FIRST,
      { limit: 1, offset: 3, after: { createdAt: at(1), id: 'b' } },
      timePositionOf,
    );
    expect(labels(positioned.items)).toEqual(['2/a']);
    expect(positioned).not.toHaveProperty('total');
  });

  it('counts only when asked, and stops counting past the limit', () => {
    const uncounted = pageOf(items, OLDEST_FIRST, { limit: 2, offset: 3 }, timePositionOf);
    expect(uncounted).toEqual({ items: uncounted.items });
    const many = Array.from({ length: COUNT_LIMIT + 2 }, (_, index) => item(index, 'x'));
    const capped = pageOf(many, OLDEST_FIRST, { limit: 1, count: true }, timePositionOf);
    expect(capped).toMatchObject({ total: COUNT_LIMIT, totalCapped: true });
    const exact = pageOf(many.slice(2), OLDEST_FIRST, { limit: 1, count: true }, timePositionOf);
    expect(exact.total).toBe(COUNT_LIMIT);
    expect(exact).not.toHaveProperty('totalCapped');
  });

  it('orders by one text field in code-point order', () => {
    const page = pageOf(['b', 'B', 'a', 'é'], byText('address'), { limit: 3 }, (text) => text);
    expect(page).toEqual({ items: ['B', 'a', 'b'], next: 'b' });
  });

  it('asks MongoDB for the same order and the same place', () => {
    expect(sortOf(NEWEST_FIRST)).toEqual({ createdAt: -1, _id: -1 });
    expect(afterPosition(NEWEST_FIRST, { createdAt: at(2), id: 'b' })).toEqual({
      $or: [{ createdAt: { $lt: at(2) } }, { createdAt: at(2), _id: { $lt: 'b' } }],
    });
    expect(afterPosition(byText('address'), 'ann@example.com')).toEqual({
      address: { $gt: 'ann@example.com' },
    });
  });

  it('compares positions by time, then by id', () => {
    const position = { createdAt: new Date('2026-03-01T12:00:00.123Z'), id: 'ntf_65e1c3a0abc' };
    const later = { createdAt: new Date(position.createdAt.getTime() + 1), id: 'a' };
    expect(comparePositions(OLDEST_FIRST, position, later)).toBeLessThan(0);
    expect(comparePositions(OLDEST_FIRST, later, position)).toBeGreaterThan(0);
    expect(
      comparePositions(OLDEST_FIRST, position, { ...position, id: 'ntf_65e1c3a0abd' }),
    ).toBeLessThan(0);
    expect(comparePositions(OLDEST_FIRST, position, { ...position })).toBe(0);
  });
});
