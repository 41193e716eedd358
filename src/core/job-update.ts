import type { PollOutcome } from './classify';
import { ATTENTION_PHASES, MAX_HISTORY, isActivePhase, type Job, type JobPhase } from './job';

/** A job reached an end the user is told about. */
export interface JobTransition {
  jobId: string;
  to: Extract<JobPhase, 'completed' | 'failed' | 'expired' | 'cancelled'>;
}

/**
 * Folds one poll's outcome into a job. Pure; scheduling (`nextPollAt`) is decided afterwards
 * by the caller, which knows the host gates and whether the popup is open.
 */
export function applyPollOutcome(
  job: Job,
  outcome: PollOutcome,
  now: number,
): { job: Job; transition: JobTransition | null } {
  if (!isActivePhase(job.phase)) return { job, transition: null };
  const checked: Job = { ...job, lastCheckedAt: now };

  switch (outcome.type) {
    case 'transient':
    case 'throttled': {
      const kind = outcome.type === 'throttled' ? 'throttled' : outcome.kind;
      const attempts = job.problem?.kind === kind ? job.problem.attempts + 1 : 1;
      const since = job.problem?.kind === kind ? job.problem.since : now;
      return { job: { ...checked, problem: { kind, attempts, since } }, transition: null };
    }
    case 'expired':
      return finish({ ...checked, problem: null, rawStatus: job.rawStatus }, 'expired', now);
    case 'status': {
      const percent = outcome.percent ?? (outcome.phase === 'completed' ? 100 : null);
      const moved = percent !== job.percent || outcome.phase !== job.phase || outcome.rawStatus !== job.rawStatus;
      const updated: Job = {
        ...checked,
        problem: null,
        phase: outcome.phase,
        rawStatus: outcome.rawStatus,
        percent,
        // A completion (a 303 brings no body) ends the running description ("Completed 7/8 files")
        // too: keeping it would contradict the status beside it.
        statusDescription:
          outcome.phase === 'completed'
            ? outcome.statusDescription
            : (outcome.statusDescription ?? job.statusDescription),
        errorCode: outcome.errorCode ?? job.errorCode,
        resourceId: outcome.resourceId ?? job.resourceId,
        resourceUrl: outcome.resourceUrl ?? job.resourceUrl,
        lastChangedAt: moved ? now : job.lastChangedAt,
        history: recordProgress(job.history, percent, now),
      };
      if (outcome.phase === 'completed' || outcome.phase === 'failed' || outcome.phase === 'cancelled') {
        return finish(updated, outcome.phase, now);
      }
      return { job: updated, transition: null };
    }
  }
}

function finish(job: Job, to: JobTransition['to'], now: number): { job: Job; transition: JobTransition } {
  return {
    // The samples only feed the estimate and the pace of polling of a job still going. Kept, they
    // were most of every stored ended job, and the popup reads every job each time it opens.
    job: { ...job, phase: to, finishedAt: now, nextPollAt: null, seen: !ATTENTION_PHASES.has(to), history: [] },
    transition: { jobId: job.id, to },
  };
}

/**
 * Keeps change points only (see eta.ts). A percentage that goes backwards means the service
 * restarted its count: earlier points would mislead the estimate, so they are dropped.
 */
export function recordProgress(history: Job['history'], percent: number | null, now: number): Job['history'] {
  if (percent === null) return history;
  const last = history.at(-1);
  if (last !== undefined && last[1] === percent) return history;
  if (last !== undefined && percent < last[1]) return [[now, percent]];
  const next: Job['history'] = [...history, [now, percent]];
  return next.length > MAX_HISTORY ? next.slice(next.length - MAX_HISTORY) : next;
}

/** The user asked to try again (expired link, failed, or stuck on errors): poll now. */
export function retryJob(job: Job, now: number): Job {
  const wasFinished = !isActivePhase(job.phase);
  return {
    ...job,
    phase: wasFinished && job.phase !== 'completed' ? 'pending' : job.phase,
    finishedAt: null,
    problem: null,
    nextPollAt: now,
    seen: true,
    lastChangedAt: now,
  };
}

export const isRetryable = (job: Job): boolean =>
  job.phase === 'expired' || job.phase === 'failed' || (isActivePhase(job.phase) && job.problem !== null);
