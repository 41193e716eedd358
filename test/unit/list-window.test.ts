import { describe, expect, it } from 'vitest';
import { createHeightEstimate, DEFAULT_ROW_HEIGHT, rowsInBand } from '../../src/popup/list-window';

describe('rowsInBand', () => {
  const rows = (heights: number[]) => (i: number) => heights[i]!;

  it('finds the rows that overlap the band, gaps included', () => {
    // Rows at 0-100, 110-210, 220-320, 330-430.
    const height = rows([100, 100, 100, 100]);
    expect(rowsInBand(4, height, 10, 0, 100)).toEqual({ start: 0, end: 1 });
    expect(rowsInBand(4, height, 10, 100, 111)).toEqual({ start: 1, end: 2 });
    expect(rowsInBand(4, height, 10, 150, 330)).toEqual({ start: 1, end: 3 });
    expect(rowsInBand(4, height, 10, -500, 5_000)).toEqual({ start: 0, end: 4 });
  });

  it('follows rows of different heights', () => {
    // Rows at 0-50, 50-250, 250-260.
    expect(rowsInBand(3, rows([50, 200, 10]), 0, 240, 255)).toEqual({ start: 1, end: 3 });
  });

  it('is empty past the end, before the start, and for no rows', () => {
    expect(rowsInBand(2, rows([100, 100]), 0, 300, 400)).toEqual({ start: 0, end: 0 });
    expect(rowsInBand(2, rows([100, 100]), 0, -400, -10)).toEqual({ start: 0, end: 0 });
    expect(rowsInBand(0, rows([]), 0, 0, 400)).toEqual({ start: 0, end: 0 });
  });
});

describe('createHeightEstimate', () => {
  it('is the default until a row is measured, then the mean of the measured rows', () => {
    const estimate = createHeightEstimate();
    expect(estimate.value).toBe(DEFAULT_ROW_HEIGHT);
    estimate.record(100, null);
    estimate.record(140, null);
    expect(estimate.value).toBe(120);
    // The second row grew; then the first one went away.
    estimate.record(160, 140);
    expect(estimate.value).toBe(130);
    estimate.forget(100);
    expect(estimate.value).toBe(160);
    estimate.forget(160);
    expect(estimate.value).toBe(DEFAULT_ROW_HEIGHT);
  });
});
