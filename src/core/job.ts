// zod/mini: the same validation, a fraction of the bundle (the popup must open fast).
import { z } from 'zod/mini';
import { checkMonitorUrl } from './monitor-url';

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

const epochMs = z.number().check(z.nonnegative());

const percentSchema = () => z.number().check(z.gte(0), z.lte(100));

export const ProgressSampleSchema = z.tuple([epochMs, percentSchema()]);
export type ProgressSample = z.infer<typeof ProgressSampleSchema>;

export const JobProblemSchema = z.object({
  kind: z.enum(PROBLEM_KINDS),
  /** consecutive failed polls, for backoff */
  attempts: z.int().check(z.positive()),
  since: epochMs,
});
export type JobProblem = z.infer<typeof JobProblemSchema>;

const graphId = z.string().check(z.minLength(1), z.maxLength(400));

export const CopyOriginSchema = z.object({
  destination: z.object({ driveId: graphId, folderId: graphId }),
  /** The destination folder's name, for the label "to <folder>". */
  folderName: z.string().check(z.maxLength(400)),
});
export type CopyOrigin = z.infer<typeof CopyOriginSchema>;

/**
 * The finished copy's item: `found` with its name and https `webUrl` (what "Open" opens),
 * `signedOut` when no token was to be had (the job is still completed, and says so), and
 * `unavailable` when Graph could not name it (no id given, not found, refused).
 */
export const JobResultSchema = z.union([
  z.object({
    state: z.literal('found'),
    name: z.string().check(z.maxLength(400)),
    webUrl: z.string().check(
      z.maxLength(4096),
      z.refine((url) => url.startsWith('https://')),
    ),
  }),
  z.object({ state: z.enum(['signedOut', 'unavailable']) }),
]);
export type JobResult = z.infer<typeof JobResultSchema>;

export const JobSchema = z.object({
  v: z.literal(JOB_SCHEMA_VERSION),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Secret: pre-authenticated. Never logged, never displayed whole. */
  // Re-checked on every read: a tampered record must not make us fetch an arbitrary host.
  monitorUrl: z.string().check(z.refine((url) => checkMonitorUrl(url).ok)),
  name: z.nullable(z.string().check(z.maxLength(MAX_NAME_LENGTH))),
  host: z.string().check(z.minLength(1)),
  /** A short, non-secret tag derived from the URL so people can tell jobs apart. */
  shortId: z.string(),
  createdAt: epochMs,
  phase: z.enum(JOB_PHASES),
  /** The service's own status word, as last reported (e.g. "inProgress", "succeeded"). */
  rawStatus: z.nullable(z.string().check(z.maxLength(100))),
  /** 0-100, or null when the service gives no usable number (indeterminate bar). */
  percent: z.nullable(percentSchema()),
  statusDescription: z.nullable(z.string().check(z.maxLength(500))),
  errorCode: z.nullable(z.string().check(z.maxLength(200))),
  resourceId: z.nullable(z.string().check(z.maxLength(500))),
  /** Where the result lives, when the service said (redirect target or resourceLocation). */
  resourceUrl: z.nullable(z.string().check(z.maxLength(2000))),
  lastCheckedAt: z.nullable(epochMs),
  /** Last time percent or phase changed: drives "not moving" backoff. */
  lastChangedAt: z.nullable(epochMs),
  finishedAt: z.nullable(epochMs),
  history: z.array(ProgressSampleSchema).check(z.maxLength(MAX_HISTORY)),
  /** When the background should poll next; null for finished jobs. */
  nextPollAt: z.nullable(epochMs),
  problem: z.nullable(JobProblemSchema),
  /** False while a failed/expired outcome has not been looked at in the popup. */
  seen: z.boolean(),
  // The two fields below came after version 1 and are optional rather than a version bump, so
  // a record written by either version reads in both (the popup parses records directly).
  /** Set when the extension started the copy itself: where the new item goes. */
  copy: z.optional(CopyOriginSchema),
  /** What became of looking up the finished copy's item (see `JobResult`). */
  result: z.optional(JobResultSchema),
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
