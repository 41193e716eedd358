import type { Job } from '../core/job';
import type { JobTransition } from '../core/job-update';
import { planNotifications, wantedTransitions } from '../core/notification-plan';
import type { NotifyOn } from '../core/settings';
import { NOTIFICATION_KEY_PREFIX, NotificationRecordSchema } from '../core/stored-jobs';
import type { StorageArea } from './job-store';

export interface NotificationsApi {
  create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string>;
  clear(id: string): Promise<boolean>;
}

export type Translate = (key: string, substitutions?: string[]) => string;

/** How a job is named to people: its own name, or "Copy <short id>". Never the URL. */
export const jobLabel = (job: Job, t: Translate): string => job.name ?? t('jobUnnamed', [job.shortId]);

/** Records older than this are of no use to a click any more. */
const RECORD_TTL_MS = 2 * 24 * 60 * 60_000;

/**
 * Desktop notifications for finished jobs. Which jobs a notification stands for is kept in
 * storage (`notification:<id>`), so a click still leads somewhere after the worker restarted.
 * Basic notifications only: Firefox supports no buttons or progress.
 */
export function createNotifier(deps: {
  api: NotificationsApi;
  area: StorageArea;
  t: Translate;
  iconUrl: string;
  now: () => number;
  newId: () => string;
  /** The user's notification preferences, read when there is something to tell. */
  notifyOn: () => Promise<NotifyOn>;
}) {
  const { t } = deps;

  async function notify(transitions: readonly JobTransition[], jobs: ReadonlyMap<string, Job>): Promise<void> {
    if (transitions.length === 0) return;
    const planned = planNotifications(
      wantedTransitions(transitions, await deps.notifyOn()),
      jobs,
      (job) => jobLabel(job, t),
      (job) => job.errorCode ?? job.statusDescription ?? t('notifyFailedNoReason'),
    );
    for (const plan of planned) {
      const id = `copy-progress-${deps.newId()}`;
      await deps.area.set({ [`${NOTIFICATION_KEY_PREFIX}${id}`]: { jobIds: plan.jobIds, createdAt: deps.now() } });
      try {
        await deps.api.create(id, {
          type: 'basic',
          iconUrl: deps.iconUrl,
          title: t(plan.titleKey, plan.titleSubs),
          message: t(plan.messageKey, plan.messageSubs),
        });
      } catch (error) {
        // Notifications switched off at the OS level: the popup and badge still say it.
        console.warn('Copy Progress: notification not shown', error instanceof Error ? error.name : 'unknown');
      }
    }
  }

  /** The jobs a clicked notification stands for (the record is then forgotten). */
  async function takeClicked(notificationId: string): Promise<string[]> {
    const key = `${NOTIFICATION_KEY_PREFIX}${notificationId}`;
    const stored = await deps.area.get(null);
    const record = NotificationRecordSchema.safeParse(stored[key]);
    await deps.area.remove(key);
    await deps.api.clear(notificationId).catch(() => false);
    return record.success ? record.data.jobIds : [];
  }

  async function forget(notificationId: string): Promise<void> {
    await deps.area.remove(`${NOTIFICATION_KEY_PREFIX}${notificationId}`);
  }

  /** Drops click records nobody will click any more. */
  async function pruneOld(): Promise<void> {
    const stored = await deps.area.get(null);
    const stale = Object.entries(stored)
      .filter(([key]) => key.startsWith(NOTIFICATION_KEY_PREFIX))
      .filter(([, value]) => {
        const record = NotificationRecordSchema.safeParse(value);
        return !record.success || deps.now() - record.data.createdAt > RECORD_TTL_MS;
      })
      .map(([key]) => key);
    if (stale.length > 0) await deps.area.remove(stale);
  }

  return { notify, takeClicked, forget, pruneOld };
}
export type Notifier = ReturnType<typeof createNotifier>;
