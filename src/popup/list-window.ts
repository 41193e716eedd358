/**
 * The arithmetic of a windowed list, apart from the DOM: rows of different heights stacked with
 * a fixed gap, and which of them fall into a band of the page (the visible part plus a margin).
 * Heights of rows never drawn are estimates; drawn rows report their real height.
 */

/** Height used before any row was measured: a row with one line of name and no detail. */
export const DEFAULT_ROW_HEIGHT = 118;

/** Indices `[start, end)` of the rows that overlap `[from, to)` (px from the top of the list). */
export function rowsInBand(
  count: number,
  heightOf: (index: number) => number,
  gap: number,
  from: number,
  to: number,
): { start: number; end: number } {
  let top = 0;
  let start = count;
  let end = count;
  for (let i = 0; i < count; i++) {
    const bottom = top + heightOf(i);
    if (start === count && bottom > from) start = i;
    if (top >= to) {
      end = i;
      break;
    }
    top = bottom + gap;
  }
  return start >= end ? { start: 0, end: 0 } : { start, end };
}

/** A running mean of measured row heights: the estimate for rows not drawn yet. */
export interface HeightEstimate {
  /** Records a row's measured height (`previous` is what was recorded for it before, if anything). */
  record(height: number, previous: number | null): void;
  forget(height: number): void;
  readonly value: number;
}

export function createHeightEstimate(fallback = DEFAULT_ROW_HEIGHT): HeightEstimate {
  let sum = 0;
  let count = 0;
  return {
    record(height, previous) {
      if (previous !== null) {
        sum -= previous;
        count--;
      }
      sum += height;
      count++;
    },
    forget(height) {
      sum -= height;
      count--;
    },
    get value() {
      return count === 0 ? fallback : sum / count;
    },
  };
}
