import { isActivePhase, type Job, type JobPhase, type ProblemKind } from '../core/job';
import { estimateTimeLeftMs } from '../core/eta';
import { FINISHING_MS, formatDuration, formatPercent, formatTimeAgo } from '../core/format';
import { t, type MessageKey } from './i18n';

/** What the badge shows: a job phase, or the gentler words used while polls have trouble. */
export type StatusKind = JobPhase | 'checking' | 'throttled';

/** Icon ids in popup.html's sprite; every status has its own shape, so colour is never alone. */
export const STATUS_ICON: Readonly<Record<StatusKind, string>> = {
  pending: 'i-clock',
  running: 'i-copy',
  unknown: 'i-question',
  completed: 'i-check',
  failed: 'i-cross',
  cancelled: 'i-ban',
  expired: 'i-unlink',
  checking: 'i-refresh',
  throttled: 'i-hourglass',
};

const PROBLEM_DETAIL: Readonly<Record<ProblemKind, MessageKey>> = {
  network: 'problemNetwork',
  server: 'problemServer',
  badResponse: 'problemBadResponse',
  throttled: 'problemThrottled',
};

export interface JobView {
  name: string;
  status: StatusKind;
  statusText: string;
  /** `hidden`: no bar at all (an ended job that never reported a number). */
  progress: number | null | 'hidden';
  percentText: string;
  detail: string;
  canRetry: boolean;
  /** "to Archive" for a copy started here; empty otherwise. */
  destination: string;
  /** The finished copy's https address, for the "Open" link; null when there is none. */
  openUrl: string | null;
}

export function displayName(job: Job): string {
  const name = job.name?.trim() ?? '';
  return name === '' ? t('jobUnnamed', job.shortId) : name;
}

export function statusOf(job: Job): StatusKind {
  if (job.problem !== null && isActivePhase(job.phase)) {
    return job.problem.kind === 'throttled' ? 'throttled' : 'checking';
  }
  return job.phase;
}

function statusText(job: Job, status: StatusKind): string {
  switch (status) {
    case 'pending':
      return t('statusPending');
    case 'running':
      return t('statusRunning');
    case 'unknown':
      return t('statusUnknown', job.rawStatus ?? '?');
    case 'completed':
      return t('statusCompleted');
    case 'failed':
      return t('statusFailed');
    case 'cancelled':
      return t('statusCancelled');
    case 'expired':
      return t('statusExpired');
    case 'checking':
      return t('statusChecking');
    case 'throttled':
      return t('statusThrottled');
  }
}

function detailOf(job: Job): string {
  if (job.problem !== null && isActivePhase(job.phase)) return t(PROBLEM_DETAIL[job.problem.kind]);
  if (job.phase === 'expired') return t('detailExpired');
  const parts: string[] = [];
  if (job.phase === 'failed' && job.errorCode !== null && job.errorCode !== '') {
    parts.push(t('detailErrorCode', job.errorCode));
  }
  if (job.statusDescription !== null && job.statusDescription.trim() !== '') parts.push(job.statusDescription.trim());
  if (job.phase === 'completed' && job.result?.state === 'signedOut') parts.push(t('resultSignedOut'));
  return parts.join(' — ');
}

/** Only a completed copy with an https address found by the background gets a link. */
export function openUrlOf(job: Job): string | null {
  const result = job.result;
  if (job.phase !== 'completed' || result?.state !== 'found') return null;
  return result.webUrl.startsWith('https://') ? result.webUrl : null;
}

function progressOf(job: Job): number | null | 'hidden' {
  if (job.phase === 'completed') return 100;
  if (job.percent !== null) return job.percent;
  return isActivePhase(job.phase) ? null : 'hidden';
}

export function describeJob(job: Job, locale: string): JobView {
  const status = statusOf(job);
  const progress = progressOf(job);
  const active = isActivePhase(job.phase);
  return {
    name: displayName(job),
    status,
    statusText: statusText(job, status),
    progress,
    percentText: typeof progress === 'number' ? formatPercent(progress, locale) : '',
    detail: detailOf(job),
    canRetry: job.phase === 'failed' || job.phase === 'expired' || (active && job.problem !== null),
    destination: job.copy && job.copy.folderName !== '' ? t('jobDestination', job.copy.folderName) : '',
    openUrl: openUrlOf(job),
  };
}

/** "about 3 min left" / "finishing" for active jobs with an estimate; empty otherwise. */
export function timeLeftText(job: Job, now: number, locale: string): string {
  if (!isActivePhase(job.phase) || job.history.length < 2) return '';
  const left = estimateTimeLeftMs(job.history, now);
  if (left === null) return '';
  return left < FINISHING_MS ? t('timeLeftFinishing') : t('timeLeft', formatDuration(left, locale));
}

const JUST_NOW_MS = 3_000;

/** "checked 5 sec. ago" for jobs still polled; "ended 3 min. ago" for jobs with a known end. */
export function checkedText(job: Job, now: number, locale: string): string {
  const ended = job.phase === 'completed' || job.phase === 'failed' || job.phase === 'cancelled';
  if (ended && job.finishedAt !== null) return t('endedAgo', formatTimeAgo(now - job.finishedAt, locale));
  if (job.lastCheckedAt === null) return isActivePhase(job.phase) ? t('checkedNever') : '';
  const elapsed = now - job.lastCheckedAt;
  return elapsed < JUST_NOW_MS ? t('checkedJustNow') : t('checkedAgo', formatTimeAgo(elapsed, locale));
}
