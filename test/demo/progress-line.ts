import type { StoredJob } from '../e2e/harness/stored-jobs';

/** One console line per job; never includes the monitor URL (it is a secret). */
export function progressLine(elapsedMs: number, job: StoredJob, polls: number): string {
  // One decimal only when the service gave one (Graph doubles), so it reads like the popup.
  const percent = job.percent === null ? '    ?' : `${(Math.floor(job.percent * 10) / 10).toString().padStart(4)}%`;
  const raw = job.rawStatus === null ? '' : ` (${job.rawStatus})`;
  const problem = job.problem === null ? '' : ` [${job.problem.kind} x${job.problem.attempts}]`;
  return [
    `[${(elapsedMs / 1000).toFixed(1).padStart(5)}s]`,
    (job.name ?? '(unnamed)').padEnd(18),
    job.host.padEnd(26),
    job.shortId,
    job.phase.padEnd(9),
    percent,
    `polls ${String(polls).padStart(3)}${raw}${problem}`,
  ].join('  ');
}
