import type { ProgressSample } from './job';

/**
 * Finishing-time estimate from a job's progress history.
 *
 * `history` holds change points: a sample is recorded only when the percentage moves, so a long
 * stall does not push earlier movement out of the window. The rate is measured between the
 * oldest and newest change points inside the window; a job needs two distinct points before it
 * gets an estimate, and none at all while it only ever reports 0 (folder copies often do).
 */
export const ETA_WINDOW_MS = 10 * 60_000;

export interface FinishEstimate {
  /** Epoch ms when the job should reach 100 %. */
  finishAt: number;
  /** Percent per millisecond. */
  rate: number;
}

export function estimateFinish(history: readonly ProgressSample[], now: number): FinishEstimate | null {
  const last = history.at(-1);
  if (last === undefined) return null;
  const [lastAt, lastPercent] = last;
  if (lastPercent >= 100) return null;
  // Oldest point still inside the window, and before the last one in percent.
  let first: ProgressSample | undefined;
  for (const sample of history) {
    if (sample[0] >= Math.min(now, lastAt) - ETA_WINDOW_MS && sample[1] < lastPercent) {
      first = sample;
      break;
    }
  }
  if (first === undefined || lastAt <= first[0]) return null;
  const rate = (lastPercent - first[1]) / (lastAt - first[0]);
  if (!(rate > 0) || !Number.isFinite(rate)) return null;
  return { finishAt: lastAt + (100 - lastPercent) / rate, rate };
}

/** Milliseconds left (never negative), or null while there is nothing to go on. */
export function estimateTimeLeftMs(history: readonly ProgressSample[], now: number): number | null {
  const estimate = estimateFinish(history, now);
  return estimate === null ? null : Math.max(0, estimate.finishAt - now);
}
