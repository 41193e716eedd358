import type { JobTransition } from './job-update';
import type { Job } from './job';
import type { NotifyOn } from './settings';

export interface PlannedNotification {
  titleKey: string;
  titleSubs: string[];
  messageKey: string;
  messageSubs: string[];
  /** The jobs a click on it leads to (the first is focused). */
  jobIds: string[];
}

/**
 * Desktop notifications for one polling round's transitions. Several endings at once become
 * one combined notification, so a folder of jobs finishing together does not flood the screen.
 * Cancelled copies were stopped by someone on purpose: no notification.
 * `labelOf` gives the job's display name (never its monitor URL).
 */
export function planNotifications(
  transitions: readonly JobTransition[],
  jobs: ReadonlyMap<string, Job>,
  labelOf: (job: Job) => string,
  reasonOf: (job: Job) => string,
): PlannedNotification[] {
  const told = transitions.filter((t) => t.to !== 'cancelled' && jobs.has(t.jobId));
  if (told.length === 0) return [];
  if (told.length > 1) {
    const count = (to: JobTransition['to']): string => String(told.filter((t) => t.to === to).length);
    return [
      {
        titleKey: 'notifyManyTitle',
        titleSubs: [String(told.length)],
        messageKey: 'notifyManyMessage',
        messageSubs: [count('completed'), count('failed'), count('expired')],
        jobIds: told.map((t) => t.jobId),
      },
    ];
  }
  const [only] = told as [JobTransition];
  const job = jobs.get(only.jobId) as Job;
  const name = labelOf(job);
  switch (only.to) {
    case 'completed':
      return [
        {
          titleKey: 'notifyCompletedTitle',
          titleSubs: [],
          messageKey: 'notifyCompletedMessage',
          messageSubs: [name],
          jobIds: [job.id],
        },
      ];
    case 'failed':
      return [
        {
          titleKey: 'notifyFailedTitle',
          titleSubs: [],
          messageKey: 'notifyFailedMessage',
          messageSubs: [name, reasonOf(job)],
          jobIds: [job.id],
        },
      ];
    case 'expired':
      return [
        {
          titleKey: 'notifyExpiredTitle',
          titleSubs: [],
          messageKey: 'notifyExpiredMessage',
          messageSubs: [name],
          jobIds: [job.id],
        },
      ];
    case 'cancelled':
      return [];
  }
}

/** Only the endings the user asked to be told about (options page; all by default). */
export function wantedTransitions(transitions: readonly JobTransition[], notifyOn: NotifyOn): JobTransition[] {
  return transitions.filter((t) => t.to !== 'cancelled' && notifyOn[t.to]);
}
