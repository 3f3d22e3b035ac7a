import { comparePositions, OLDEST_FIRST } from '../../common/database/keyset';
import { parsePosition, positionText } from './inbox-position';

describe('inbox positions', () => {
  const position = { createdAt: new Date('2026-03-01T12:00:00.123Z'), id: 'ntf_65e1c3a0abc' };

  it('reads back the position it wrote', () => {
    expect(positionText(position)).toBe(`${position.createdAt.getTime()}.ntf_65e1c3a0abc`);
    expect(parsePosition(positionText(position))).toEqual(position);
  });

  it.each(['', 'nonsense', '12.', '.ntf_1', '-5.ntf_1', '1.ntf 1', '1.ntf_1\nid: 2'])(
    'refuses %j',
    (text) => {
      expect(parsePosition(text)).toBeUndefined();
    },
  );

  it('orders by time, then by id', () => {
    const later = { createdAt: new Date(position.createdAt.getTime() + 1), id: 'a' };
    expect(comparePositions(OLDEST_FIRST, position, later)).toBeLessThan(0);
    expect(comparePositions(OLDEST_FIRST, later, position)).toBeGreaterThan(0);
    expect(
      comparePositions(OLDEST_FIRST, position, { ...position, id: 'ntf_65e1c3a0abd' }),
    ).toBeLessThan(0);
    expect(comparePositions(OLDEST_FIRST, position, { ...position })).toBe(0);
  });
});
