import { isDateTime } from './date-time';

describe('isDateTime', () => {
  it.each([
    '2024-02-29T00:00:00Z',
    '0012-10-16T13:37:41Z',
    '0001-01-01T00:00:00+05:30',
    '2026-12-06T14:00:00.123-08:00',
    '2024-01-01',
  ])('takes %s', (value) => {
    expect(isDateTime(value)).toBe(true);
  });

  it.each(['2023-02-29T00:00:00Z', '0012-02-30T00:00:00Z', '2024-01-01T24:00:00Z', 'x', 12])(
    'refuses %s',
    (value) => {
      expect(isDateTime(value)).toBe(false);
    },
  );
});
