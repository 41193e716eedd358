import { estimateFinish } from './eta';
import { isActivePhase, type Job } from './job';

/**
 * When to poll a job next. Pure, so the benchmark runs this very module on a virtual clock.
 *
 * The idea: a copy's end is predictable from its progress, so ask rarely while the end is far
 * and densely as it approaches (half the remaining time, down to 1 s), instead of a fixed
 * interval that either wastes requests (1 s) or notices late (5 s). Jobs that give nothing to
 * extrapolate from (stuck at 0, or 0 -> 100 only) back off with time without change, capped so
 * a silent finish is still seen within seconds. The figures come from the benchmark's sweep.
 */
export const SCHEDULE: Readonly<ScheduleConfig> = Object.freeze({
  /** Never more than one request per second per job. */
  minDelayMs: 1_000,
  /** While the popup shows the job. */
  popupMaxDelayMs: 2_000,
  /** Poll at this share of the estimated time left. */
  approachFactor: 0.3,
  /**
   * Upper bound while an estimate exists. Failures and expiry come without warning, so this
   * bounds how late they are seen (about half of it on average); 12 s keeps the whole schedule
   * near 10 % of the requests of fixed 1 s polling (see `npm run bench`).
   */
  maxEstimatedDelayMs: 12_000,
  /** No estimate yet: a share of the time since the job last changed, between these bounds. */
  idleFactor: 0.2,
  idleMinDelayMs: 1_500,
  idleMaxDelayMs: 6_000,
  /** Jobs that have not moved for a while relax further... */
  longIdleAfterMs: 10 * 60_000,
  longIdleMaxDelayMs: 12_000,
  /** ...and those stuck for an hour or more (a notStarted job can sit for days) further still. */
  dormantAfterMs: 60 * 60_000,
  dormantMaxDelayMs: 60_000,
  /** Past the estimated end without completion: 1 s at first, relaxing with the overrun. */
  overdueFactor: 0.1,
  overdueMaxDelayMs: 8_000,
  /** Transient failures: exponential backoff with jitter. */
  backoffBaseMs: 2_000,
  backoffMaxDelayMs: 60_000,
  /** Throttled without a usable Retry-After. */
  throttleDefaultMs: 30_000,
});

export interface ScheduleConfig {
  minDelayMs: number;
  popupMaxDelayMs: number;
  approachFactor: number;
  maxEstimatedDelayMs: number;
  idleFactor: number;
  idleMinDelayMs: number;
  idleMaxDelayMs: number;
  longIdleAfterMs: number;
  longIdleMaxDelayMs: number;
  dormantAfterMs: number;
  dormantMaxDelayMs: number;
  overdueFactor: number;
  overdueMaxDelayMs: number;
  backoffBaseMs: number;
  backoffMaxDelayMs: number;
  throttleDefaultMs: number;
}

export interface ScheduleContext {
  now: number;
  /** The popup is open: visible active jobs are refreshed at least every 2 s. */
  isPopupOpen: boolean;
  /** 0 <= random < 1, injected so tests and the benchmark are deterministic. */
  random: () => number;
  /** The extension always uses SCHEDULE; the benchmark sweeps other settings through here. */
  config?: ScheduleConfig;
}

/** Milliseconds until the next poll of an active job (finished jobs are not polled). */
export function nextPollDelay(job: Job, ctx: ScheduleContext): number {
  const { now } = ctx;
  const c = ctx.config ?? SCHEDULE;
  if (job.problem !== null) {
    // The host's Retry-After window (or throttleDefaultMs when it gave none) is applied by
    // nextPollAt; come back as soon as it opens.
    if (job.problem.kind === 'throttled') return c.minDelayMs;
    const exp = c.backoffBaseMs * 2 ** Math.min(job.problem.attempts - 1, 10);
    const jittered = Math.min(exp, c.backoffMaxDelayMs) * (0.75 + ctx.random() * 0.5);
    return capForPopup(Math.max(c.minDelayMs, jittered), ctx);
  }
  return capForPopup(progressDelay(job, now, c), ctx);
}

function progressDelay(job: Job, now: number, c: ScheduleConfig): number {
  const estimate = estimateFinish(job.history, now);
  if (estimate !== null) {
    const remaining = estimate.finishAt - now;
    if (remaining > 0) {
      return clamp(remaining * c.approachFactor, c.minDelayMs, c.maxEstimatedDelayMs);
    }
    return clamp(-remaining * c.overdueFactor, c.minDelayMs, c.overdueMaxDelayMs);
  }
  const still = Math.max(0, now - (job.lastChangedAt ?? job.createdAt));
  const max =
    still >= c.dormantAfterMs
      ? c.dormantMaxDelayMs
      : still >= c.longIdleAfterMs
        ? c.longIdleMaxDelayMs
        : c.idleMaxDelayMs;
  return clamp(still * c.idleFactor, c.idleMinDelayMs, max);
}

function capForPopup(delay: number, ctx: ScheduleContext): number {
  return ctx.isPopupOpen ? Math.min(delay, (ctx.config ?? SCHEDULE).popupMaxDelayMs) : delay;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/**
 * The epoch ms of the next poll: the job's own delay, but never inside its host's
 * Retry-After window, and never sooner than one second after the last poll.
 */
export function nextPollAt(job: Job, ctx: ScheduleContext, hostOpensAt: number | undefined): number | null {
  if (!isActivePhase(job.phase)) return null;
  const own = ctx.now + nextPollDelay(job, ctx);
  return Math.max(own, hostOpensAt ?? 0, (job.lastCheckedAt ?? -Infinity) + (ctx.config ?? SCHEDULE).minDelayMs);
}
