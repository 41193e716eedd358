import { createJob, JobSchema, MAX_HISTORY, type Job, type JobPhase } from '../../src/core/job';
import { checkMonitorUrl } from '../../src/core/monitor-url';
import type { ExtensionGlobal } from '../e2e/harness/extension-global';
import type { Page } from 'playwright-core';
import { seededRandom } from './corpus';

/**
 * Stored job records for the browser benchmarks (parts 2 and 4): valid `JobSchema` records as
 * the background would have written them, so the popup and the worker read them like real data.
 */

/**
 * What a list of someone who copies a lot looks like: most jobs finished and kept around, a
 * quarter still moving, a few failed or expired. Weights sum to 1.
 */
const PHASE_MIX: readonly [JobPhase, number][] = [
  ['completed', 0.5],
  ['running', 0.25],
  ['pending', 0.06],
  ['unknown', 0.02],
  ['failed', 0.08],
  ['cancelled', 0.03],
  ['expired', 0.06],
];

const NAMES = [
  'Quarterly reports',
  'Photos 2019 → Archive',
  'Marketing assets (final, really final)',
  'Contracts/2024/Signed',
  'Projektunterlagen Müller GmbH',
  'Relatórios financeiros de março',
  '設計図面 2025',
  'Team site backup',
  'Board pack Q3',
  'Raw footage — day 2 (4K, do not delete until the edit is locked and exported twice)',
];

const hex = (random: () => number, length: number): string =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = (random: () => number): string =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;

/** A monitor URL of one of the four shapes Microsoft hands out (monitor-api.md). */
function monitorUrl(random: () => number): string {
  const kind = random();
  if (kind < 0.45) return `https://contoso.sharepoint.com/_api/v2.0/monitor/${uuid(random)}`;
  if (kind < 0.6) return `https://fabrikam.sharepoint.com/_api/v2.0/monitor/${uuid(random)}`;
  if (kind < 0.8) {
    const tempauth = `v1.${hex(random, 40)}.${hex(random, 43)}`;
    return `https://contoso-my.sharepoint.com/personal/user_contoso_com/_api/v2.1/drive/operations/${uuid(random)}?c=${hex(random, 24)}&v=2.0&tempauth=${tempauth}`;
  }
  if (kind < 0.95) return `https://api.onedrive.com/v1.0/monitor/${hex(random, 32)}`;
  return `https://graph.microsoft.com/v1.0/monitor/${uuid(random)}`;
}

function pickPhase(random: () => number): JobPhase {
  let x = random();
  for (const [phase, weight] of PHASE_MIX) {
    if (x < weight) return phase;
    x -= weight;
  }
  return 'completed';
}

/** A job record from its URL, as `trackJob` creates it (host and short id derived from the URL). */
export function newJobRecord(id: string, url: string, name: string | null, now: number): Job {
  const check = checkMonitorUrl(url);
  if (!check.ok) throw new Error(`seed: monitor URL refused (${check.code})`);
  return createJob({ id, monitorUrl: check.url, name, host: check.host, shortId: check.shortId, now });
}

/**
 * `count` jobs in the PHASE_MIX proportions, created over the last two days, newest polled a
 * moment ago. Every record is checked against JobSchema; ids are `bench-<n>`.
 */
export function makeJobs(count: number, now: number, seed = 1): Job[] {
  const random = seededRandom(seed);
  const jobs: Job[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = now - Math.floor(random() * 2 * 24 * 3_600_000) - 60_000;
    const name = random() < 0.75 ? (NAMES[Math.floor(random() * NAMES.length)] ?? null) : null;
    const job = withPhase(
      newJobRecord(`bench-${i}`, monitorUrl(random), name, createdAt),
      pickPhase(random),
      now,
      random,
    );
    const parsed = JobSchema.safeParse(job);
    if (!parsed.success) throw new Error(`seed: invalid job record ${job.id}: ${parsed.error.message}`);
    jobs.push(job);
  }
  return jobs;
}

/**
 * A job in `phase` as the background leaves it: running jobs carry their progress samples, ended
 * ones none (job-update.ts drops them at the end). Records written before that change still carry
 * theirs; `HISTORY_KEPT=1` seeds them that way, to measure such a list.
 */
function withPhase(job: Job, phase: JobPhase, now: number, random: () => number): Job {
  const checkedAt = now - Math.floor(random() * 20_000);
  const progress = (upTo: number): Job['history'] => {
    const samples = Math.min(MAX_HISTORY, 2 + Math.floor(random() * 20));
    const span = checkedAt - job.createdAt;
    return Array.from({ length: samples }, (_, k) => [
      Math.round(job.createdAt + (span * (k + 1)) / samples),
      Math.round((upTo * (k + 1)) / samples),
    ]);
  };
  // Drawn either way, so the random sequence (and every later job) is the same with or without.
  const ended = (upTo: number): Job['history'] => {
    const samples = progress(upTo);
    return process.env['HISTORY_KEPT'] === '1' ? samples : [];
  };
  switch (phase) {
    case 'pending':
      return { ...job, phase, rawStatus: 'notStarted', lastCheckedAt: checkedAt, nextPollAt: now + 5_000 };
    case 'running':
    case 'unknown': {
      const percent = 1 + Math.floor(random() * 97);
      const history = progress(percent);
      const troubled = random() < 0.1;
      return {
        ...job,
        phase,
        rawStatus: phase === 'running' ? 'inProgress' : 'reticulating',
        percent,
        statusDescription: random() < 0.4 ? `Completed ${Math.floor(percent / 10)}/10 files` : null,
        lastCheckedAt: checkedAt,
        lastChangedAt: history.at(-1)?.[0] ?? checkedAt,
        history,
        nextPollAt: now + 2_000 + Math.floor(random() * 10_000),
        problem: troubled
          ? { kind: random() < 0.5 ? 'throttled' : 'network', attempts: 1 + Math.floor(random() * 3), since: checkedAt }
          : null,
      };
    }
    case 'completed': {
      const finishedAt = checkedAt;
      return {
        ...job,
        phase,
        rawStatus: 'completed',
        percent: 100,
        resourceId: `01${hex(random, 32).toUpperCase()}`,
        lastCheckedAt: finishedAt,
        lastChangedAt: finishedAt,
        finishedAt,
        history: ended(100),
        nextPollAt: null,
      };
    }
    case 'failed':
    case 'cancelled':
      return {
        ...job,
        phase,
        rawStatus: phase,
        percent: 40,
        statusDescription: phase === 'failed' ? 'Access denied to the destination folder.' : null,
        errorCode: phase === 'failed' ? 'AccessDenied_xyz' : null,
        lastCheckedAt: checkedAt,
        lastChangedAt: checkedAt,
        finishedAt: checkedAt,
        history: ended(40),
        nextPollAt: null,
        seen: random() < 0.7,
      };
    case 'expired':
      return {
        ...job,
        phase,
        rawStatus: 'inProgress',
        percent: 60,
        lastCheckedAt: checkedAt,
        lastChangedAt: checkedAt,
        finishedAt: checkedAt,
        history: ended(60),
        nextPollAt: null,
        seen: random() < 0.7,
      };
  }
}

/** The records keyed as the background stores them (`job:<id>`). */
export const asStorageItems = (jobs: readonly Job[]): Record<string, Job> =>
  Object.fromEntries(jobs.map((job) => [`job:${job.id}`, job]));

/**
 * Replaces everything in `storage.local` with these items, from an extension page (one `clear`,
 * one `set`). The background's store keeps the copy it loaded at start: restart the worker for it
 * to see the new jobs; the popup reads storage itself.
 */
export async function replaceStorage(page: Page, items: Record<string, unknown>): Promise<void> {
  await page.evaluate(async (all) => {
    const { storage } = (globalThis as unknown as ExtensionGlobal).chrome;
    await (storage.local as unknown as { clear(): Promise<void> }).clear();
    await storage.local.set(all);
  }, items);
}
