import { createHostLimiter } from '../../src/background/host-limiter';
import { createJobStore, type StorageArea } from '../../src/background/job-store';
import { createPoller } from '../../src/background/poller';
import { classifyMonitorResponse } from '../../src/core/classify';
import { createJob, isActivePhase } from '../../src/core/job';
import { checkMonitorUrl } from '../../src/core/monitor-url';
import { parseRetryAfter } from '../../src/core/retry-after';
import { SCHEDULE, type ScheduleConfig } from '../../src/core/schedule';
import { seededRandom } from './corpus';
import type { VirtualMonitor } from './virtual-monitor';

export interface RunResult {
  requests: number;
  /** ms from the end becoming visible to the first poll that saw it; null if never seen. */
  detectionDelayMs: number | null;
  /** Requests sent before a Retry-After the service gave had passed. */
  violations: number;
}

/** Give up on a job this long after its end became visible (or for endless jobs). */
const HORIZON_AFTER_END_MS = 10 * 60_000;

/**
 * The pollers to beat, as monitor-api.md describes them. They poll at a fixed interval and stop
 * at the first answer that is a final state by our classifier (generous to them: their own
 * parsing is weaker, e.g. the .NET AsyncMonitor loops on a 401).
 */
export function fixedIntervalPolicy(intervalMs: number, honoursRetryAfter: boolean) {
  return (monitor: VirtualMonitor, start: number): RunResult => {
    let now = start;
    const limit = monitor.visibleEndAt + HORIZON_AFTER_END_MS;
    while (now <= limit) {
      const response = monitor.answer(now);
      const outcome = classifyMonitorResponse(response, now);
      const final = (outcome.type === 'status' && !isActivePhase(outcome.phase)) || outcome.type === 'expired';
      if (final) return { ...monitor.stats(), detectionDelayMs: now - monitor.observableEndAt() };
      let next = now + intervalMs;
      if (honoursRetryAfter && response.kind === 'http') {
        const wait = parseRetryAfter(response.retryAfter, now);
        if (wait !== null) next = Math.max(next, now + wait);
      }
      now = next;
    }
    return { ...monitor.stats(), detectionDelayMs: null };
  };
}

/**
 * Our scheduler: the extension's own poller (src/background/poller.ts with the store, host
 * limiter, classifier and schedule it ships with), on a virtual clock and in-memory storage.
 */
export function extensionPolicy(isPopupOpen: boolean, schedule: ScheduleConfig = SCHEDULE, seed = 7) {
  return async (monitor: VirtualMonitor, start: number): Promise<RunResult> => {
    const clock = { now: start };
    const memory = new Map<string, unknown>();
    const area: StorageArea = {
      get: async () => Object.fromEntries(memory),
      set: async (items) => {
        for (const [key, value] of Object.entries(items)) memory.set(key, value);
      },
      remove: async (keys) => {
        for (const key of [keys].flat()) memory.delete(key);
      },
    };
    const store = createJobStore({ area, now: () => clock.now });
    let sleep = 0;
    const poller = createPoller({
      store,
      limiter: createHostLimiter(4),
      fetchMonitor: async () => monitor.answer(clock.now),
      now: () => clock.now,
      random: seededRandom(seed),
      isPopupOpen: () => isPopupOpen,
      setTimer: (_callback, ms) => {
        sleep = ms;
        return ms;
      },
      clearTimer: () => undefined,
      onRound: async () => undefined,
      onActivity: async () => undefined,
      schedule,
    });
    const url = checkMonitorUrl(monitor.monitorUrl);
    if (!url.ok) throw new Error(`corpus URL refused: ${url.code}`);
    await store.transact((draft) => {
      draft.jobs.set(
        'bench',
        createJob({ id: 'bench', monitorUrl: url.url, name: null, host: url.host, shortId: url.shortId, now: start }),
      );
    });
    const limit = monitor.visibleEndAt + HORIZON_AFTER_END_MS;
    while (clock.now <= limit) {
      await poller.wake();
      const job = (await store.read()).jobs.get('bench');
      if (job === undefined) throw new Error('job vanished');
      if (!isActivePhase(job.phase)) {
        return { ...monitor.stats(), detectionDelayMs: (job.finishedAt ?? clock.now) - monitor.observableEndAt() };
      }
      clock.now += Math.max(1, sleep);
    }
    return { ...monitor.stats(), detectionDelayMs: null };
  };
}
