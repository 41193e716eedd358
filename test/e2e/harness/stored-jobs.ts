import { byNewestFirst, isJobKey, type Job } from '../../../src/core/job';

/** Job records out of a `storage.local` dump (keys `job:<id>`), newest first as the popup lists them. */
export type StoredJob = Job;

export function jobRecords(storage: Record<string, unknown>): StoredJob[] {
  return Object.entries(storage)
    .filter(([key, value]) => isJobKey(key) && typeof value === 'object' && value !== null)
    .map(([, value]) => value as StoredJob)
    .sort(byNewestFirst);
}
