import type { ResolvedScenario, TimeWindow } from './scenario';

/**
 * Pure time arithmetic of a simulated job: what it is doing `t` ms after creation.
 * No clocks and no I/O here, so the shapes can be checked without a server.
 */

export type JobState =
  | { kind: 'pending'; word: 'notStarted' | 'waiting' }
  | { kind: 'running'; percent: number }
  | { kind: 'completed' }
  | { kind: 'failed'; percent: number }
  | { kind: 'cancelled'; percent: number }
  /** The monitor no longer knows the job: 404, or 500 operationNotFound. */
  | { kind: 'gone'; how: 'notFound' | 'operationNotFound' };

export interface Timeline {
  /** When it leaves the pending state. */
  startsAtMs: number;
  /** When it completes, fails or is cancelled; null if it never does (expiring jobs, endless stalls). */
  endsAtMs: number | null;
  /** When the monitor starts answering 404 / operationNotFound; null if never. */
  goneAtMs: number | null;
}

/** Stall windows clipped to the running period, sorted and merged. */
function stallsAfter(start: number, stalls: TimeWindow[]): { from: number; to: number }[] {
  const clipped = stalls
    .map((w) => ({ from: Math.max(start, w.fromMs), to: w.toMs ?? Infinity }))
    .filter((w) => w.to > w.from)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const w of clipped) {
    const last = merged[merged.length - 1];
    if (last && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
  }
  return merged;
}

/** Milliseconds of actual progress made by time `t` (pending time and stalls excluded). */
export function runTimeAt(s: ResolvedScenario, t: number): number {
  if (t <= s.startDelayMs) return 0;
  let stalled = 0;
  for (const w of stallsAfter(s.startDelayMs, s.stalls)) {
    if (w.from >= t) break;
    stalled += Math.min(t, w.to) - w.from;
  }
  return t - s.startDelayMs - stalled;
}

/** The inverse of `runTimeAt`: the earliest time by which `run` ms of progress were made. */
export function timeForRunTime(s: ResolvedScenario, run: number): number {
  let t = s.startDelayMs;
  let left = run;
  for (const w of stallsAfter(s.startDelayMs, s.stalls)) {
    if (w.from - t >= left) break;
    left -= w.from - t;
    t = w.to;
    if (t === Infinity) return Infinity;
  }
  return t + left;
}

export function timelineOf(s: ResolvedScenario): Timeline {
  const finite = (t: number): number | null => (Number.isFinite(t) ? t : null);
  if (s.outcome === 'expire' || s.outcome === 'operationNotFound') {
    return { startsAtMs: s.startDelayMs, endsAtMs: null, goneAtMs: s.expireAfterMs };
  }
  const runToEnd = s.outcome === 'complete' ? s.durationMs : (s.durationMs * s.failAtPercent) / 100;
  const endsAtMs = finite(timeForRunTime(s, runToEnd));
  const goneAtMs = endsAtMs !== null && s.goneAfterEndMs !== null ? endsAtMs + s.goneAfterEndMs : null;
  return { startsAtMs: s.startDelayMs, endsAtMs, goneAtMs };
}

/** The percentage the service would report at linear progress `fraction` (0..1, not finished). */
export function reportedPercent(s: ResolvedScenario, fraction: number): number {
  const exact = Math.min(Math.max(fraction, 0), 1) * 100;
  switch (s.progress) {
    case 'jump':
      return 0;
    case 'steps': {
      let shown = 0;
      for (const step of s.steps) if (step <= exact) shown = step;
      return shown;
    }
    case 'linear':
      // Graph reports doubles, SharePoint v2.1 integers (monitor-api.md).
      return s.vocabulary === 'sharepoint' ? Math.floor(exact) : Math.floor(exact * 1000) / 1000;
  }
}

export function stateAt(s: ResolvedScenario, t: number): JobState {
  const line = timelineOf(s);
  if (line.goneAtMs !== null && t >= line.goneAtMs) {
    return { kind: 'gone', how: s.outcome === 'operationNotFound' ? 'operationNotFound' : 'notFound' };
  }
  if (t < s.startDelayMs) return { kind: 'pending', word: s.pendingStatus };
  if (line.endsAtMs !== null && t >= line.endsAtMs) {
    if (s.outcome === 'complete') return { kind: 'completed' };
    const percent = reportedPercent(s, s.failAtPercent / 100);
    return s.outcome === 'cancel' ? { kind: 'cancelled', percent } : { kind: 'failed', percent };
  }
  const fraction = s.durationMs === 0 ? 1 : runTimeAt(s, t) / s.durationMs;
  // A job that will expire never reaches 100 on the way (it would look finished).
  return { kind: 'running', percent: reportedPercent(s, Math.min(fraction, 0.99)) };
}
