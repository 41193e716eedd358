import { z } from 'zod/mini';
import { JOB_SCHEMA_VERSION, JobSchema, createJob, isJobKey, jobKey, type Job } from './job';
import { checkMonitorUrl } from './monitor-url';

import { HOST_GATES_KEY } from './storage-keys';

export { HOST_GATES_KEY, NOTIFICATION_KEY_PREFIX, QUARANTINE_KEY_PREFIX } from './storage-keys';

/** Host -> epoch ms before which no request may go there (Retry-After). */
export const HostGatesSchema = z.record(z.string(), z.number());
export type HostGates = z.infer<typeof HostGatesSchema>;

export const NotificationRecordSchema = z.object({
  jobIds: z.array(z.string()).check(z.minLength(1)),
  createdAt: z.number(),
});
export type NotificationRecord = z.infer<typeof NotificationRecordSchema>;

export interface QuarantinedRecord {
  key: string;
  raw: unknown;
  reason: string;
  at: number;
}

/**
 * Numbered migrations: `JOB_MIGRATIONS[n]` turns a version-n record into version n+1.
 * Version 1 is the first stored shape, so there are none yet; the mechanism is exercised by
 * tests with injected migrations and is where the next schema change goes.
 */
export type Migration = (record: Record<string, unknown>) => Record<string, unknown>;
export const JOB_MIGRATIONS: Readonly<Record<number, Migration>> = {};

export function migrateJobRecord(
  raw: Record<string, unknown>,
  migrations: Readonly<Record<number, Migration>> = JOB_MIGRATIONS,
  target: number = JOB_SCHEMA_VERSION,
): Record<string, unknown> {
  let record = raw;
  let version = typeof record['v'] === 'number' ? record['v'] : 1;
  while (version < target) {
    const step = migrations[version];
    if (step === undefined) break;
    record = { ...step(record), v: version + 1 };
    version++;
  }
  return record;
}

export type JobReadResult =
  { kind: 'valid'; job: Job } | { kind: 'repaired'; job: Job } | { kind: 'corrupt'; reason: string };

/**
 * Reads one stored job. A record that fails the schema is rebuilt field by field when its
 * identity (id and a valid monitor URL) survived, so one bad field does not cost the user the
 * job; anything else is reported corrupt for the caller to set aside. Never throws.
 */
export function readStoredJob(key: string, raw: unknown, now: number): JobReadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { kind: 'corrupt', reason: 'notAnObject' };
  const record = migrateJobRecord(raw as Record<string, unknown>);
  const parsed = JobSchema.safeParse(record);
  if (parsed.success && jobKey(parsed.data.id) === key) return { kind: 'valid', job: parsed.data };

  const id = key.slice('job:'.length);
  const url = typeof record['monitorUrl'] === 'string' ? checkMonitorUrl(record['monitorUrl']) : null;
  if (id === '' || url === null || !url.ok)
    return { kind: 'corrupt', reason: parsed.success ? 'keyMismatch' : 'schema' };

  const base = createJob({ id, monitorUrl: url.url, name: null, host: url.host, shortId: url.shortId, now });
  const repaired: Record<string, unknown> = { ...base };
  for (const [field, schema] of Object.entries(JobSchema.shape)) {
    if (field === 'id' || field === 'monitorUrl' || field === 'host' || field === 'shortId' || field === 'v') continue;
    const value = record[field];
    if (schema.safeParse(value).success) repaired[field] = value;
  }
  const again = JobSchema.safeParse(repaired);
  return again.success ? { kind: 'repaired', job: again.data } : { kind: 'corrupt', reason: 'schema' };
}

export interface StoredState {
  jobs: Map<string, Job>;
  hostGates: HostGates;
  /** Records to write back (repaired) and keys to set aside (corrupt). */
  repaired: Job[];
  quarantined: QuarantinedRecord[];
}

/** Reads everything the background stores, from one `storage.local.get(null)`. */
export function readStoredState(all: Record<string, unknown>, now: number): StoredState {
  const jobs = new Map<string, Job>();
  const repaired: Job[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const [key, raw] of Object.entries(all)) {
    if (!isJobKey(key)) continue;
    const result = readStoredJob(key, raw, now);
    if (result.kind === 'corrupt') {
      quarantined.push({ key, raw, reason: result.reason, at: now });
      continue;
    }
    jobs.set(result.job.id, result.job);
    if (result.kind === 'repaired') repaired.push(result.job);
  }
  const gates = HostGatesSchema.safeParse(all[HOST_GATES_KEY]);
  return { jobs, hostGates: gates.success ? gates.data : {}, repaired, quarantined };
}
