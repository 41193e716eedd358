import { SCHEDULE, type ScheduleConfig } from '../../src/core/schedule';
import { buildCorpus, type Trace } from './corpus';
import { extensionPolicy, fixedIntervalPolicy, type RunResult } from './policies';
import { createVirtualMonitor, type VirtualMonitor } from './virtual-monitor';

/**
 * Part 1 of the benchmark: every policy polls every trace of the corpus on a virtual clock.
 * Detection delay = time from the job's end becoming visible to the first poll that saw it.
 * Where the service had asked the client to stay away past the end (Retry-After), the delay
 * counts from when it allowed the client back.
 */

export interface DelayStats {
  jobs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface PolicySummary {
  policy: string;
  requestsPerJob: number;
  /** Requests on jobs longer than 2 minutes, as a share of fixed 1 s polling on the same jobs. */
  requestShareVsFixed1sOnLongJobs: number;
  detection: DelayStats;
  /** Jobs with a predictable end (progress to extrapolate from) vs. ends that come without warning. */
  detectionPredictable: DelayStats;
  detectionUnpredictable: DelayStats;
  missed: number;
  retryAfterViolations: number;
  byKind: Record<string, DelayStats & { requestsPerJob: number }>;
}

type Policy = (monitor: VirtualMonitor, start: number) => RunResult | Promise<RunResult>;
interface Row {
  trace: Trace;
  result: RunResult;
  lengthMs: number;
}

const START = Date.parse('2026-11-28T12:00:00Z');
const LONG_JOB_MS = 2 * 60_000;
/** Failures, expiry and 0 -> 100 jobs end without any sign in the progress beforehand. */
const UNPREDICTABLE = new Set(['fail', 'expire', 'jump']);

export const BASELINES: { name: string; run: Policy }[] = [
  { name: 'fixed 1 s (rclone waitForJob)', run: fixedIntervalPolicy(1000, false) },
  { name: 'fixed 5 s (.NET AsyncMonitor)', run: fixedIntervalPolicy(5000, false) },
  { name: '2 s + Retry-After (core-lro)', run: fixedIntervalPolicy(2000, true) },
];

export const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
};

function delayStats(rows: readonly Row[]): DelayStats {
  const delays = rows
    .filter((row) => row.result.detectionDelayMs !== null)
    .map((row) => row.result.detectionDelayMs as number)
    .sort((a, b) => a - b);
  return {
    jobs: delays.length,
    medianMs: quantile(delays, 0.5),
    p95Ms: quantile(delays, 0.95),
    maxMs: delays.at(-1) ?? NaN,
  };
}

async function runPolicy(policy: Policy, corpus: readonly Trace[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const trace of corpus) {
    const monitor = createVirtualMonitor(trace.scenario, START);
    const result = await policy(monitor, START);
    rows.push({ trace, result, lengthMs: monitor.visibleEndAt - START });
  }
  return rows;
}

function summarise(name: string, rows: readonly Row[], baseline: readonly Row[]): PolicySummary {
  const longIds = new Set(baseline.filter((row) => row.lengthMs > LONG_JOB_MS).map((row) => row.trace.id));
  const longRequests = (of: readonly Row[]): number =>
    of.filter((row) => longIds.has(row.trace.id)).reduce((sum, row) => sum + row.result.requests, 0);
  const byKind: PolicySummary['byKind'] = {};
  for (const kind of new Set(rows.map((row) => row.trace.kind))) {
    const of = rows.filter((row) => row.trace.kind === kind);
    byKind[kind] = {
      ...delayStats(of),
      requestsPerJob: round(of.reduce((s, row) => s + row.result.requests, 0) / of.length, 1),
    };
  }
  return {
    policy: name,
    requestsPerJob: round(rows.reduce((s, row) => s + row.result.requests, 0) / rows.length, 1),
    requestShareVsFixed1sOnLongJobs: round(longRequests(rows) / longRequests(baseline), 4),
    detection: delayStats(rows),
    detectionPredictable: delayStats(rows.filter((row) => !UNPREDICTABLE.has(row.trace.kind))),
    detectionUnpredictable: delayStats(rows.filter((row) => UNPREDICTABLE.has(row.trace.kind))),
    missed: rows.filter((row) => row.result.detectionDelayMs === null).length,
    retryAfterViolations: rows.reduce((s, row) => s + row.result.violations, 0),
    byKind,
  };
}

export interface PollingEconomy {
  corpusSize: number;
  summaries: PolicySummary[];
  /** Our poller with other settings, popup closed: what each trade-off costs. */
  sweep: (PolicySummary & { settings: Partial<ScheduleConfig> })[];
}

export const SWEEP: Partial<ScheduleConfig>[] = [
  { maxEstimatedDelayMs: 60_000, idleMaxDelayMs: 15_000, longIdleMaxDelayMs: 120_000 },
  { maxEstimatedDelayMs: 10_000, idleMaxDelayMs: 5_000, longIdleMaxDelayMs: 10_000 },
  { maxEstimatedDelayMs: 5_000, idleMaxDelayMs: 5_000, longIdleMaxDelayMs: 5_000 },
  { maxEstimatedDelayMs: 3_000, idleMaxDelayMs: 3_000, longIdleMaxDelayMs: 3_000 },
];

export async function runPollingEconomy(corpus: Trace[] = buildCorpus(), withSweep = true): Promise<PollingEconomy> {
  const baselineRows = await runPolicy(BASELINES[0]!.run, corpus);
  const summaries: PolicySummary[] = [summarise(BASELINES[0]!.name, baselineRows, baselineRows)];
  for (const policy of BASELINES.slice(1))
    summaries.push(summarise(policy.name, await runPolicy(policy.run, corpus), baselineRows));
  summaries.push(summarise('ours, popup closed', await runPolicy(extensionPolicy(false), corpus), baselineRows));
  summaries.push(summarise('ours, popup open', await runPolicy(extensionPolicy(true), corpus), baselineRows));
  const sweep: PollingEconomy['sweep'] = [];
  if (withSweep) {
    for (const settings of SWEEP) {
      const rows = await runPolicy(extensionPolicy(false, { ...SCHEDULE, ...settings }), corpus);
      sweep.push({ ...summarise(`sweep: ${describe(settings)}`, rows, baselineRows), settings });
    }
  }
  return { corpusSize: corpus.length, summaries, sweep };
}

const describe = (settings: Partial<ScheduleConfig>): string =>
  Object.entries(settings)
    .map(([key, value]) => `${key.replace(/MaxDelayMs$|DelayMs$/, '')} ${Number(value) / 1000} s`)
    .join(', ');

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
