import { z } from 'zod';

/**
 * A tracked copy job as stored in `storage.local` under `job:<id>`.
 * Plain JSON only (epoch-millisecond numbers), so every context can read it.
 */

/** Our normalised lifecycle; the service's own word is kept in `rawStatus`. */
export const JOB_PHASES = [
  'pending', // notStarted, waiting: accepted but not moving yet
  'running', // inProgress, running, updating, deletePending, cancelPending
  'unknown', // a status value we have never seen: shown as such, still polled
  'completed',
  'failed',
  'cancelled',
  'expired', // the monitor link answers 404 / operationNotFound: outcome unknown
] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export const ACTIVE_PHASES: ReadonlySet<JobPhase> = new Set(['pending', 'running', 'unknown']);
export const isActivePhase = (phase: JobPhase): boolean => ACTIVE_PHASES.has(phase);
/** Outcomes the user should look at (badge mark) until they have seen them. */
export const ATTENTION_PHASES: ReadonlySet<JobPhase> = new Set(['failed', 'expired']);

/** Why the last poll did not give a status; the job keeps its last known phase meanwhile. */
export const PROBLEM_KINDS = ['network', 'throttled', 'badResponse', 'server'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export const JOB_SCHEMA_VERSION = 1;
export const MAX_NAME_LENGTH = 200;
export const MAX_HISTORY = 24;

const epochMs = z.number().finite().nonnegative();

export const ProgressSampleSchema = z.tuple([epochMs, z.number().min(0).max(100)]);
export type ProgressSample = z.infer<typeof ProgressSampleSchema>;

export const JobProblemSchema = z.object({
  kind: z.enum(PROBLEM_KINDS),
  /** consecutive failed polls, for backoff */
  attempts: z.number().int().positive(),
  since: epochMs,
});
export type JobProblem = z.infer<typeof JobProblemSchema>;

export const JobSchema = z.object({
  v: z.literal(JOB_SCHEMA_VERSION),
  id: z.string().min(1).max(64),
  /** Secret: pre-authenticated. Never logged, never displayed whole. */
  monitorUrl: z.string().url(),
  name: z.string().max(MAX_NAME_LENGTH).nullable(),
  host: z.string().min(1),
  /** A short, non-secret tag derived from the URL so people can tell jobs apart. */
  shortId: z.string(),
  createdAt: epochMs,
  phase: z.enum(JOB_PHASES),
  /** The service's own status word, as last reported (e.g. "inProgress", "succeeded"). */
  rawStatus: z.string().max(100).nullable(),
  /** 0-100, or null when the service gives no usable number (indeterminate bar). */
  percent: z.number().min(0).max(100).nullable(),
  statusDescription: z.string().max(500).nullable(),
  errorCode: z.string().max(200).nullable(),
  resourceId: z.string().max(500).nullable(),
  /** Where the result lives, when the service said (redirect target or resourceLocation). */
  resourceUrl: z.string().max(2000).nullable(),
  lastCheckedAt: epochMs.nullable(),
  /** Last time percent or phase changed: drives "not moving" backoff. */
  lastChangedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
  history: z.array(ProgressSampleSchema).max(MAX_HISTORY),
  /** When the background should poll next; null for finished jobs. */
  nextPollAt: epochMs.nullable(),
  problem: JobProblemSchema.nullable(),
  /** False while a failed/expired outcome has not been looked at in the popup. */
  seen: z.boolean(),
});
export type Job = z.infer<typeof JobSchema>;

export const JOB_KEY_PREFIX = 'job:';
export const jobKey = (id: string): string => `${JOB_KEY_PREFIX}${id}`;
export const isJobKey = (key: string): boolean => key.startsWith(JOB_KEY_PREFIX);

export function createJob(input: {
  id: string;
  monitorUrl: string;
  name: string | null;
  host: string;
  shortId: string;
  now: number;
}): Job {
  return {
    v: JOB_SCHEMA_VERSION,
    id: input.id,
    monitorUrl: input.monitorUrl,
    name: input.name,
    host: input.host,
    shortId: input.shortId,
    createdAt: input.now,
    phase: 'pending',
    rawStatus: null,
    percent: null,
    statusDescription: null,
    errorCode: null,
    resourceId: null,
    resourceUrl: null,
    lastCheckedAt: null,
    lastChangedAt: input.now,
    finishedAt: null,
    history: [],
    nextPollAt: input.now,
    problem: null,
    seen: true,
  };
}

/** Newest first, the order the popup lists jobs in. */
export const byNewestFirst = (a: Job, b: Job): number => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1);
