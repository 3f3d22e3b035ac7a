import { backoffMs } from './retry-policy';

describe('backoffMs', () => {
  it('doubles from the base per retry and stays within half and all of it', () => {
    expect(backoffMs(1, 1000, 60000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 60000, () => 0.5)).toBe(3000);
  });

  it('never exceeds the cap', () => {
    expect(backoffMs(20, 1000, 8000, () => 1)).toBe(8000);
  });
});
