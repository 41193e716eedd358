import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Job } from '../../src/core/job';
import { launchChromium } from '../e2e/harness/chromium';
import type { Scenario } from '../simulator/scenario';
import { startSimulator, type Simulator } from '../simulator/server';
import { quantile } from './polling-economy';
import { installRequestTap, type TappedRequest } from './request-tap';
import { seededRandom } from './corpus';
import { asStorageItems, newJobRecord, replaceStorage } from './seed-jobs';
import { attachToServiceWorker, busyBetween, busyTimeline, type CpuProfile } from './worker-cdp';

/**
 * Part 4: the production worker in real headless Chromium polls 500 active jobs on three hosts of
 * the simulator (300 contoso.sharepoint.com, 100 contoso-my.sharepoint.com, 100 api.onedrive.com;
 * each monitor answers after 50-100 ms), all due at once as after a browser start, for WINDOW_MS
 * from the first request.
 *
 * - Requests and in-flight per host: request-tap.ts, server side (request received -> answer
 *   sent, an interval inside the client's own, so the peak cannot be overstated).
 * - Storage writes: an extension page that is not the popup (polling keeps its popup-closed pace)
 *   records every storage.onChanged event; one carrying `job:` keys is a polling write.
 * - Rounds, from the traffic: the poller starts every due job at once (the first 4 per host go out
 *   together) and hands a freed slot to the next job of the same host within milliseconds. A
 *   request to a host that had no answer in the previous HANDOVER_MS is a fresh start; fresh starts
 *   within LAUNCH_GAP_MS of each other are one round's launch. A round is complete when every
 *   fresh-started job shows up in a polling write after its answer; `writesPerRound` = polling
 *   writes up to the last complete round / complete rounds, and every round's fresh-started jobs
 *   must land in one and the same write (`maxWritesPerRound`).
 * - CPU: the worker thread's busy time from a V8 sampling profile on the worker target (samples
 *   not "(idle)"), per window between consecutive polling writes: each window holds one round's
 *   answer handling, folding, validation and write, plus the previous round's badge and alarms.
 */
export interface HostCost {
  host: string;
  jobs: number;
  requests: number;
  peakInFlight: number;
}

export interface RoundCost {
  /** ms since the first request of the run. */
  startMs: number;
  /** Requests for the jobs of its write, sent since its launch. */
  requests: number;
  /** Launch -> the polling write carrying its results, ms. */
  durationMs: number;
  /** Per host: first request sent -> last answer, ms. */
  hostSpansMs: Record<string, number>;
  /** `job:` keys in that write. */
  keysWritten: number;
  /** Distinct polling writes that carried its fresh-started jobs (1 = batched). */
  writes: number;
}

export interface BackgroundCost {
  jobs: number;
  rounds: number;
  writesPerRound: number;
  peakInFlightPerHost: number;
  cpuPerRoundMs: { median: number; p95: number };
  requests: number;
  windowMs: number;
  monitorLatencyMs: { min: number; max: number };
  hosts: HostCost[];
  /** All storage.onChanged events in the window, and those carrying `job:` keys. */
  storageEvents: number;
  pollingWrites: number;
  maxWritesPerRound: number;
  /** Median `job:` keys per polling write; monitor requests per polling write. */
  keysPerWrite: number;
  requestsPerWrite: number;
  cpuTotalMs: number;
  cpuPerRequestMs: number;
  /** Share of one core the worker thread used over the window. */
  cpuShare: number;
  roundDurationMs: { median: number; max: number };
  /** The first round: every job due at once. */
  firstRound: RoundCost | null;
  roundsDetail: RoundCost[];
}

const WINDOW_MS = 30_000;
/** The seeded jobs come due this long after the worker restarts: time to attach the profiler. */
const START_DELAY_MS = 4_000;
/** A slot handed over inside a round goes out within a few ms of the answer that freed it. */
const HANDOVER_MS = 20;
const LAUNCH_GAP_MS = 50;
const SAMPLING_INTERVAL_US = 250;
const PLAN: { kind: NonNullable<Scenario['host']>; count: number }[] = [
  { kind: 'sharepoint', count: 300 },
  { kind: 'business', count: 100 },
  { kind: 'personal', count: 100 },
];

interface SeenWrite {
  /** Epoch ms. */
  at: number;
  keys: number;
  /** Job ids among the keys. */
  jobIds: string[];
}

/** Long enough to stay active for the whole run: mostly copying, some queued, some in steps. */
function scenarioFor(kind: NonNullable<Scenario['host']>, random: () => number): Scenario {
  const latencyMs = 50 + Math.floor(random() * 51);
  const durationMs = 120_000 + Math.floor(random() * 28 * 60_000);
  const shape = random();
  if (shape < 0.15) return { host: kind, latencyMs, durationMs, startDelayMs: 5 * 60_000 };
  if (shape < 0.3) return { host: kind, latencyMs, durationMs, progress: 'steps', steps: [0, 25, 50, 75] };
  return { host: kind, latencyMs, durationMs };
}

interface Seeded {
  jobs: Job[];
  latencies: number[];
  /** Monitor path -> job id. */
  jobOfPath: Map<string, string>;
}

function seedSimulatorJobs(sim: Simulator, dueAt: number): Seeded {
  const random = seededRandom(4);
  const seeded: Seeded = { jobs: [], latencies: [], jobOfPath: new Map() };
  for (const { kind, count } of PLAN) {
    for (let i = 0; i < count; i++) {
      const scenario = scenarioFor(kind, random);
      const created = sim.createJob(scenario);
      const id = `load-${seeded.jobs.length}`;
      const job = newJobRecord(id, created.monitorUrl, `Load ${seeded.jobs.length}`, Date.now());
      seeded.jobs.push({ ...job, nextPollAt: dueAt });
      seeded.latencies.push(scenario.latencyMs ?? 0);
      seeded.jobOfPath.set(new URL(created.monitorUrl).pathname, id);
    }
  }
  return seeded;
}

async function recordWrites(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: SeenWrite[] = [];
    (globalThis as unknown as { __writes: SeenWrite[] }).__writes = seen;
    (
      globalThis as unknown as {
        chrome: { storage: { onChanged: { addListener(l: (changes: object, area: string) => void): void } } };
      }
    ).chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local') return;
      const keys = Object.keys(changes);
      seen.push({
        at: performance.timeOrigin + performance.now(),
        keys: keys.length,
        jobIds: keys.filter((k) => k.startsWith('job:')).map((k) => k.slice(4)),
      });
    });
  });
}

const sortedCopy = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Fresh starts (no answer from the host in HANDOVER_MS), grouped into launches. */
function launches(requests: readonly TappedRequest[]): TappedRequest[][] {
  const groups: TappedRequest[][] = [];
  let last = -Infinity;
  for (const request of [...requests].sort((a, b) => a.start - b.start)) {
    if (request.sinceHostAnswerMs < HANDOVER_MS) continue;
    if (request.start - last > LAUNCH_GAP_MS || groups.length === 0) groups.push([]);
    groups.at(-1)?.push(request);
    last = request.start;
  }
  return groups;
}

function roundsOf(
  requests: readonly TappedRequest[],
  writes: readonly SeenWrite[],
  jobOf: (request: TappedRequest) => string | undefined,
  origin: number,
): RoundCost[] {
  const rounds: RoundCost[] = [];
  for (const launch of launches(requests)) {
    const carriers = launch.map((request) => {
      const id = jobOf(request);
      return writes.find((w) => w.at >= request.end && id !== undefined && w.jobIds.includes(id));
    });
    if (carriers.some((w) => w === undefined)) continue; // not written before the window closed
    const done = carriers as SeenWrite[];
    const write = done.reduce((a, b) => (b.at > a.at ? b : a));
    const start = Math.min(...launch.map((r) => r.start));
    const written = new Set(write.jobIds);
    const mine = requests.filter((r) => r.start >= start && r.end <= write.at && written.has(jobOf(r) ?? ''));
    const hostSpansMs: Record<string, number> = {};
    for (const host of new Set(mine.map((r) => r.host))) {
      const onHost = mine.filter((r) => r.host === host);
      hostSpansMs[host] = Math.max(...onHost.map((r) => r.end)) - Math.min(...onHost.map((r) => r.start));
    }
    rounds.push({
      startMs: start - origin,
      requests: mine.length,
      durationMs: write.at - start,
      hostSpansMs,
      keysWritten: write.jobIds.length,
      writes: new Set(done).size,
    });
  }
  return rounds;
}

export async function measureBackgroundCost(_root: string): Promise<BackgroundCost> {
  const tap = installRequestTap();
  let sim: Simulator;
  try {
    sim = await startSimulator();
  } finally {
    tap.uninstall();
  }
  const chrome = await launchChromium({ sim }).catch(async (error: unknown) => {
    await sim.close();
    throw error;
  });
  try {
    const writer = await chrome.probe();
    const dueAt = Date.now() + START_DELAY_MS;
    const { jobs, latencies, jobOfPath } = seedSimulatorJobs(sim, dueAt);
    await replaceStorage(writer, asStorageItems(jobs));
    // A fresh worker loads the seeded jobs (the running one keeps the list it loaded at start).
    await chrome.stopWorker();
    await chrome.wakeWorker();
    await recordWrites(writer);

    const session = await attachToServiceWorker(chrome.context, chrome.origin);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    const before = Date.now();
    await session.send('Profiler.start');
    const profileEpoch = (before + Date.now()) / 2;
    tap.reset();
    if (Date.now() > dueAt - 500) throw new Error('setup took too long: the first round may have been missed');

    await new Promise((resolve) => setTimeout(resolve, dueAt + WINDOW_MS - Date.now()));
    const windowEnd = Date.now();
    const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
    await session.detach();
    // BENCH_WORKER_PROFILE=<file>.cpuprofile keeps the profile (DevTools' Performance panel opens it).
    const profileOut = process.env['BENCH_WORKER_PROFILE'];
    if (profileOut !== undefined && profileOut !== '') writeFileSync(profileOut, JSON.stringify(profile));
    const writes = await writer.evaluate(() => (globalThis as unknown as { __writes: SeenWrite[] }).__writes);

    const requests = tap.requests.filter((r) => r.start <= windowEnd);
    if (requests.length === 0) throw new Error('the worker sent no request');
    const windowStart = Math.min(...requests.map((r) => r.start));
    const inWindow = writes.filter((w) => w.at >= windowStart && w.at <= windowEnd);
    const pollingWrites = inWindow.filter((w) => w.jobIds.length > 0);

    const rounds = roundsOf(requests, pollingWrites, (r) => jobOfPath.get(r.path), windowStart);
    const lastRoundEnd = Math.max(...rounds.map((r) => windowStart + r.startMs + r.durationMs));
    const writesUpToLastRound = pollingWrites.filter((w) => w.at <= lastRoundEnd).length;

    const timeline = busyTimeline(profile, profileEpoch);
    const cpuWindows = busyBetween(timeline, [windowStart - 1, ...pollingWrites.map((w) => w.at)]);
    const cpuTotalMs = busyBetween(timeline, [windowStart - 1, windowEnd])[0] ?? 0;

    const hosts: HostCost[] = [...new Set(jobs.map((j) => j.host))].map((host) => ({
      host,
      jobs: jobs.filter((j) => j.host === host).length,
      requests: requests.filter((r) => r.host === host).length,
      peakInFlight: tap.peakInFlight.get(host) ?? 0,
    }));
    const cpuSorted = sortedCopy(cpuWindows);
    const durations = sortedCopy(rounds.map((r) => r.durationMs));
    return {
      jobs: jobs.length,
      rounds: rounds.length,
      writesPerRound: rounds.length === 0 ? NaN : writesUpToLastRound / rounds.length,
      peakInFlightPerHost: Math.max(...hosts.map((h) => h.peakInFlight)),
      cpuPerRoundMs: { median: quantile(cpuSorted, 0.5), p95: quantile(cpuSorted, 0.95) },
      requests: requests.length,
      windowMs: windowEnd - windowStart,
      monitorLatencyMs: { min: Math.min(...latencies), max: Math.max(...latencies) },
      hosts,
      storageEvents: inWindow.length,
      pollingWrites: pollingWrites.length,
      maxWritesPerRound: Math.max(0, ...rounds.map((r) => r.writes)),
      keysPerWrite: quantile(sortedCopy(pollingWrites.map((w) => w.jobIds.length)), 0.5),
      requestsPerWrite: pollingWrites.length === 0 ? NaN : requests.length / pollingWrites.length,
      cpuTotalMs,
      cpuPerRequestMs: cpuTotalMs / requests.length,
      cpuShare: cpuTotalMs / (windowEnd - windowStart),
      roundDurationMs: { median: quantile(durations, 0.5), max: durations.at(-1) ?? NaN },
      firstRound: rounds[0] ?? null,
      roundsDetail: rounds,
    };
  } finally {
    await chrome.close();
    await sim.close();
  }
}
