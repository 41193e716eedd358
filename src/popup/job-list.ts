import { byNewestFirst, isActivePhase, type Job } from '../core/job';
import { t } from './i18n';
import { createJobRow, updateJobRow, updateRowTimes, type JobRow } from './render-job-row';

export type RowAction = 'remove' | 'retry';

export interface JobListElements {
  list: HTMLElement;
  template: HTMLTemplateElement;
  empty: HTMLElement;
  clearButton: HTMLButtonElement;
  /** Where focus goes when the focused row or button disappears and no neighbour is left. */
  focusFallback: HTMLElement;
}

export interface JobListOptions {
  locale: string;
  announce: (message: string) => void;
  onAction: (action: RowAction, job: Job) => void;
}

export interface JobList {
  /** Makes the list show exactly these jobs; rows of ids already shown are reused. */
  setJobs(jobs: Iterable<Job>, now: number): void;
  /** Keyed changes: a job to add or update, null to remove. Untouched rows stay as they are. */
  apply(changes: ReadonlyMap<string, Job | null>, now: number): void;
  /** Once a second: refreshes the "time left" and "checked … ago" texts. */
  tick(now: number): void;
  get(id: string): Job | undefined;
  jobs(): Job[];
  /** Scrolls a job's row into view, highlights it and focuses it. */
  focusJob(id: string): boolean;
  readonly size: number;
}

const isFinished = (job: Job): boolean => !isActivePhase(job.phase);

/** Drops the indentation text nodes of the row template: a thousand rows would clone them all. */
function stripWhitespace(node: Node): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === 3 && child.textContent?.trim() === '') child.remove();
    else stripWhitespace(child);
  }
}

export function createJobList(els: JobListElements, options: JobListOptions): JobList {
  const { locale, announce } = options;
  stripWhitespace(els.template.content);
  const rows = new Map<string, JobRow>();
  const rowOfElement = new WeakMap<Element, JobRow>();
  /** Rows in display order (newest first), mirrored by the DOM order. */
  const order: JobRow[] = [];
  let finishedCount = 0;

  els.list.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const button = target?.closest<HTMLButtonElement>('button[data-action]');
    const li = button?.closest('li');
    const row = li ? rowOfElement.get(li) : undefined;
    if (!button || !row) return;
    const action = button.dataset['action'];
    if (action === 'remove' || action === 'retry') options.onAction(action, row.job);
  });

  /** Index of the first row that sorts after `job`. */
  function insertionIndex(job: Job): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byNewestFirst(order[mid]!.job, job) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function place(row: JobRow): void {
    const index = insertionIndex(row.job);
    const next = order[index];
    order.splice(index, 0, row);
    els.list.insertBefore(row.el, next ? next.el : null);
  }

  function add(job: Job, now: number): void {
    const row = createJobRow(els.template, job, locale, now);
    rows.set(job.id, row);
    rowOfElement.set(row.el, row);
    if (isFinished(job)) finishedCount++;
    place(row);
  }

  function update(row: JobRow, job: Job, now: number): void {
    const before = row.job;
    if (isFinished(before) !== isFinished(job)) finishedCount += isFinished(job) ? 1 : -1;
    updateJobRow(row, job, locale, now);
    if (before.createdAt !== job.createdAt) {
      const focused = row.el.contains(row.el.ownerDocument.activeElement) ? row.el.ownerDocument.activeElement : null;
      order.splice(order.indexOf(row), 1);
      place(row);
      if (focused instanceof HTMLElement) focused.focus({ preventScroll: true });
    }
    announceChange(before, job, row.name);
  }

  function remove(row: JobRow): void {
    const doc = row.el.ownerDocument;
    const hadFocus = row.el.contains(doc.activeElement);
    const index = order.indexOf(row);
    order.splice(index, 1);
    rows.delete(row.job.id);
    if (isFinished(row.job)) finishedCount--;
    row.el.remove();
    if (hadFocus) focusNear(index, row);
  }

  /** Keeps keyboard users in the list: the same button on the next (or previous) row. */
  function focusNear(index: number, gone: JobRow): void {
    const neighbour = order[index] ?? order[index - 1];
    if (!neighbour) {
      els.focusFallback.focus();
      return;
    }
    const wasOnRetry = gone.el.ownerDocument.activeElement === gone.retry;
    const target = wasOnRetry && !neighbour.retry.hidden ? neighbour.retry : neighbour.remove;
    target.focus();
  }

  function announceChange(before: Job, after: Job, name: string): void {
    if (before.phase === after.phase) return;
    switch (after.phase) {
      case 'running':
        if (before.phase === 'pending') announce(t('announceStarted', name));
        break;
      case 'completed':
        announce(t('announceCompleted', name));
        break;
      case 'failed':
        announce(t('announceFailed', name));
        break;
      case 'cancelled':
        announce(t('announceCancelled', name));
        break;
      case 'expired':
        announce(t('announceExpired', name));
        break;
      case 'pending':
      case 'unknown':
        break;
    }
  }

  function refreshChrome(): void {
    const isEmpty = rows.size === 0;
    if (els.empty.hidden !== !isEmpty) els.empty.hidden = !isEmpty;
    if (els.list.hidden !== isEmpty) els.list.hidden = isEmpty;
    const disable = finishedCount === 0;
    if (els.clearButton.disabled !== disable) {
      const hadFocus = els.clearButton.ownerDocument.activeElement === els.clearButton;
      els.clearButton.disabled = disable;
      if (disable && hadFocus) els.focusFallback.focus();
    }
  }

  const list: JobList = {
    setJobs(jobs, now) {
      const next = new Map<string, Job>();
      for (const job of jobs) next.set(job.id, job);
      if (rows.size === 0) {
        // First draw: build every row off-document, then insert them in one go.
        const sorted = [...next.values()].sort(byNewestFirst);
        const fragment = els.list.ownerDocument.createDocumentFragment();
        for (const job of sorted) {
          const row = createJobRow(els.template, job, locale, now);
          rows.set(job.id, row);
          rowOfElement.set(row.el, row);
          if (isFinished(job)) finishedCount++;
          order.push(row);
          fragment.append(row.el);
        }
        els.list.append(fragment);
        refreshChrome();
        return;
      }
      const changes = new Map<string, Job | null>(next);
      for (const id of rows.keys()) if (!next.has(id)) changes.set(id, null);
      list.apply(changes, now);
    },

    apply(changes, now) {
      for (const [id, job] of changes) {
        const row = rows.get(id);
        if (job === null) {
          if (row) remove(row);
        } else if (row) {
          if (row.job !== job) update(row, job, now);
        } else {
          add(job, now);
        }
      }
      refreshChrome();
    },

    tick(now) {
      for (const row of order) updateRowTimes(row, locale, now);
    },

    get: (id) => rows.get(id)?.job,
    jobs: () => order.map((row) => row.job),

    focusJob(id) {
      const row = rows.get(id);
      if (!row) return false;
      for (const other of els.list.querySelectorAll('.is-target')) other.classList.remove('is-target');
      row.el.classList.add('is-target');
      row.el.scrollIntoView?.({ block: 'center' });
      row.el.focus({ preventScroll: true });
      return true;
    },

    get size() {
      return rows.size;
    },
  };
  return list;
}
