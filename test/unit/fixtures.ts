import { createJob, type Job } from '../../src/core/job';

export const T0 = Date.parse('2026-11-28T12:00:00Z');

/** A valid job record with overrides; the URL is a plausible personal-OneDrive monitor. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  const id = overrides.id ?? 'job-1';
  return {
    ...createJob({
      id,
      monitorUrl: `https://api.onedrive.com/v1.0/monitor/${id}-opaque`,
      name: 'Quarterly reports',
      host: 'api.onedrive.com',
      shortId: 'abc123',
      now: T0,
    }),
    ...overrides,
  };
}
