import { describe, expect, it } from 'vitest';
import { estimateFinish, estimateTimeLeftMs } from '../../src/core/eta';

describe('estimateFinish', () => {
  it('has nothing to go on without two distinct points', () => {
    expect(estimateFinish([], 0)).toBeNull();
    expect(estimateFinish([[0, 10]], 1000)).toBeNull();
    expect(
      estimateFinish(
        [
          [0, 0],
          [5000, 0],
        ],
        6000,
      ),
    ).toBeNull();
  });
  it('extrapolates a steady job', () => {
    const e = estimateFinish(
      [
        [0, 0],
        [10_000, 10],
        [20_000, 20],
      ],
      20_000,
    );
    expect(e?.finishAt).toBeCloseTo(100_000);
    expect(
      estimateTimeLeftMs(
        [
          [0, 0],
          [10_000, 10],
          [20_000, 20],
        ],
        30_000,
      ),
    ).toBeCloseTo(70_000);
  });
  it('never goes negative when overdue and ignores points outside the window', () => {
    expect(
      estimateTimeLeftMs(
        [
          [0, 0],
          [1000, 50],
        ],
        10_000,
      ),
    ).toBe(0);
    const old: [number, number] = [0, 0];
    const e = estimateFinish([old, [20 * 60_000, 40], [20 * 60_000 + 60_000, 50]], 20 * 60_000 + 60_000);
    expect(e?.rate).toBeCloseTo(10 / 60_000);
  });
  it('gives no estimate once complete', () => {
    expect(
      estimateFinish(
        [
          [0, 0],
          [1000, 100],
        ],
        1000,
      ),
    ).toBeNull();
  });
});
