import { classifyMonitorResponse, type MonitorResponse } from '../core/classify';
import { applyPollOutcome, type JobTransition } from '../core/job-update';
import { isActivePhase, type Job } from '../core/job';
import { SCHEDULE, nextPollAt, type ScheduleConfig, type ScheduleContext } from '../core/schedule';
import type { HostLimiter } from './host-limiter';
import type { JobStore, Snapshot } from './job-store';

export interface PollerDeps {
  store: JobStore;
  limiter: HostLimiter;
  fetchMonitor: (url: string) => Promise<MonitorResponse>;
  now: () => number;
  random: () => number;
  isPopupOpen: () => boolean;
  /**
   * True while nothing may be polled: the user turned off polling with the popup closed, and
   * it is closed. Jobs keep their schedule; polling resumes when the popup opens.
   */
  isPaused?: () => boolean;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** After each round that changed something: notifications, badge. */
  onRound: (round: { transitions: JobTransition[]; snapshot: Snapshot }) => Promise<void>;
  /**
   * After every round: whether jobs are active and when the next poll is due, so the caller can
   * keep the worker alive, set the backstop alarm, and ask to be woken at that time.
   */
  onActivity: (hasActiveJobs: boolean, nextDueAt: number | null) => Promise<void>;
  /** Schedule settings; the extension uses the defaults, the benchmark sweeps others. */
  schedule?: ScheduleConfig;
}

/** Jobs due within this margin go in the same round, so neighbours share one storage write. */
const ROUND_SLACK_MS = 150;
/** The worker is stopped after 30 s without extension events or API calls (Chrome MV3);
 * waking at least this often keeps it alive while jobs are active. */
export const MAX_SLEEP_MS = 20_000;

/**
 * Polls due jobs in rounds: fetch every due job (per-host concurrency limited), then fold all
 * answers into the store in one write. Everything it needs arrives as parameters so the same
 * code runs in the worker, in the integration tests and in the benchmark.
 */
export function createPoller(deps: PollerDeps) {
  const inFlight = new Set<string>();
  let timer: unknown = null;
  let stopped = false;

  const schedule = deps.schedule ?? SCHEDULE;
  const context = (): ScheduleContext => ({
    now: deps.now(),
    isPopupOpen: deps.isPopupOpen(),
    random: deps.random,
    config: schedule,
  });

  /** Retry-After windows learnt during rounds still in flight, before they are stored. */
  const liveGates = new Map<string, number>();

  /** One job's answer and when it arrived: a round writes once, after its slowest host. */
  type Answer = { job: Job; response: MonitorResponse; receivedAt: number };

  async function pollOne(job: Job, stored: Snapshot['hostGates']): Promise<Answer | null> {
    return deps.limiter.run(job.host, async () => {
      // A 429 to a sibling may have closed the host while this one waited for a slot.
      const now = deps.now();
      if (Math.max(stored[job.host] ?? 0, liveGates.get(job.host) ?? 0) > now) return null;
      const response = await deps.fetchMonitor(job.monitorUrl);
      const outcome = classifyMonitorResponse(response, deps.now());
      if (outcome.type === 'throttled') {
        const until = deps.now() + (outcome.retryAfterMs ?? schedule.throttleDefaultMs);
        liveGates.set(job.host, Math.max(liveGates.get(job.host) ?? 0, until));
      }
      return { job, response, receivedAt: deps.now() };
    });
  }

  const paused = (): boolean => deps.isPaused?.() ?? false;

  async function runRound(): Promise<void> {
    if (paused()) return;
    let snapshot = await deps.store.read();
    const now = deps.now();
    const due = [...snapshot.jobs.values()].filter(
      (job) =>
        isActivePhase(job.phase) &&
        !inFlight.has(job.id) &&
        job.nextPollAt !== null &&
        job.nextPollAt <= now + ROUND_SLACK_MS &&
        (snapshot.hostGates[job.host] ?? 0) <= now,
    );
    if (due.length > 0) {
      for (const job of due) inFlight.add(job.id);
      let transitions: JobTransition[];
      try {
        const answers = await Promise.all(due.map((job) => pollOne(job, snapshot.hostGates)));
        transitions = await applyAnswers(due, answers);
      } finally {
        // Only after the write: a round starting meanwhile must not poll these again.
        for (const job of due) inFlight.delete(job.id);
      }
      snapshot = await deps.store.read();
      await deps.onRound({ transitions, snapshot });
    }
  }

  function applyAnswers(due: Job[], answers: (Answer | null)[]): Promise<JobTransition[]> {
    return deps.store.transact((draft) => {
      const found: JobTransition[] = [];
      const at = deps.now();
      const ctx = { ...context(), now: at };
      // Store the Retry-After windows first, so every job of a throttled host is scheduled after it
      // (and a restarted worker still honours it).
      for (const [host, opensAt] of liveGates) {
        draft.hostGates[host] = Math.max(draft.hostGates[host] ?? 0, opensAt);
        if (opensAt <= at) liveGates.delete(host);
      }
      for (const [host, opensAt] of Object.entries(draft.hostGates)) if (opensAt <= at) delete draft.hostGates[host];
      for (const [index, job] of due.entries()) {
        const current = draft.jobs.get(job.id);
        // Removed, retried or replaced while the request was out: its answer is stale.
        if (current === undefined || current !== job || !isActivePhase(current.phase)) continue;
        const answer = answers[index];
        if (answer === undefined || answer === null) {
          draft.jobs.set(job.id, {
            ...current,
            nextPollAt: Math.max(current.nextPollAt ?? at, draft.hostGates[job.host] ?? at),
          });
          continue;
        }
        // Stamped with its own arrival time, not the write's: progress samples (and the time-left
        // estimate built on them) must not lag behind a slow host elsewhere in the round.
        const seenAt = answer.receivedAt;
        const { job: updated, transition } = applyPollOutcome(
          current,
          classifyMonitorResponse(answer.response, seenAt),
          seenAt,
        );
        draft.jobs.set(job.id, {
          ...updated,
          nextPollAt: nextPollAt(updated, { ...ctx, now: seenAt }, draft.hostGates[job.host]),
        });
        if (transition !== null) found.push(transition);
      }
      return found;
    });
  }

  async function scheduleNext(): Promise<void> {
    if (stopped) return;
    const snapshot = await deps.store.read();
    let earliest = Infinity;
    let hasActive = false;
    for (const job of snapshot.jobs.values()) {
      if (!isActivePhase(job.phase)) continue;
      hasActive = true;
      if (inFlight.has(job.id)) continue;
      const at = Math.max(job.nextPollAt ?? 0, snapshot.hostGates[job.host] ?? 0);
      earliest = Math.min(earliest, at);
    }
    // Paused: no alarm and no timer, so a closed popup really means no requests.
    const waiting = hasActive && !paused();
    await deps.onActivity(waiting, waiting && Number.isFinite(earliest) ? earliest : null);
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
    if (!waiting) return;
    const delay = Math.min(Math.max(0, earliest - deps.now()), MAX_SLEEP_MS);
    timer = deps.setTimer(() => {
      timer = null;
      void wake();
    }, delay);
  }

  /**
   * Polls whatever is due and sets the timer for the next round. Safe to call any time and
   * concurrently: jobs already in flight are skipped, and the store serialises the writes.
   */
  async function wake(): Promise<void> {
    try {
      await runRound();
    } catch (error) {
      // Storage or a bug: keep the loop alive; the next wake retries.
      console.error('Copy Progress: polling round failed', error instanceof Error ? error.name : 'unknown');
    }
    try {
      await scheduleNext();
    } catch (error) {
      console.error('Copy Progress: scheduling failed', error instanceof Error ? error.name : 'unknown');
    }
  }

  /** Bring every active job forward to now (popup opened, "poll now"), host gates permitting. */
  async function pollAllSoon(): Promise<void> {
    const at = deps.now();
    await deps.store.transact((draft) => {
      for (const job of draft.jobs.values()) {
        if (!isActivePhase(job.phase) || job.nextPollAt === null || job.nextPollAt <= at) continue;
        const earliest = Math.max(at, (job.lastCheckedAt ?? 0) + schedule.minDelayMs, draft.hostGates[job.host] ?? 0);
        if (earliest < job.nextPollAt) draft.jobs.set(job.id, { ...job, nextPollAt: earliest });
      }
    });
    await wake();
  }

  return {
    wake,
    pollAllSoon,
    stop(): void {
      stopped = true;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
    },
  };
}
export type Poller = ReturnType<typeof createPoller>;
