import { byNewestFirst, isActivePhase, type Job } from '../core/job';
import { t } from './i18n';
import { displayName } from './job-view';
import { createHeightEstimate, rowsInBand } from './list-window';
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
  /**
   * The full check of a stored record (schema and key), for records `setJobs` took unchecked:
   * the checked job, or null to drop it. Every row is checked before it is drawn.
   */
  verify?: (job: Job) => Job | null;
}

export interface JobList {
  /**
   * Makes the list show exactly these jobs; rows of ids already shown are reused. With
   * `isVerified: false`, the records were checked only for the fields the list orders and counts
   * by (id, createdAt, phase, monitorUrl): each gets `options.verify` before its row is drawn,
   * and the rest when `verifyAll` is called.
   */
  setJobs(jobs: Iterable<Job>, now: number, check?: { isVerified: boolean }): void;
  /** Gives every record not checked yet its full check; drops those that fail it. */
  verifyAll(): void;
  /** Keyed changes: a job to add or update, null to remove. Untouched rows stay as they are. */
  apply(changes: ReadonlyMap<string, Job | null>, now: number): void;
  /** Once a second: refreshes the "time left" and "checked … ago" texts. */
  tick(now: number): void;
  get(id: string): Job | undefined;
  jobs(): Job[];
  /** Draws a job's row if it was not, scrolls it into view, highlights it and focuses it. */
  focusJob(id: string): boolean;
  readonly size: number;
  dispose(): void;
}

/**
 * Up to this many jobs every row is drawn, so the page is whole for find-in-page and for a screen
 * reader's reading cursor. Beyond it only the rows near the visible part of the page are drawn:
 * building and laying out a thousand rows took about 140 ms in Chromium, a screenful about 5 ms.
 */
export const WHOLE_LIST_MAX = 50;
/** Rows within this many px above or below the visible part are drawn too (no blank flash on scroll). */
const OVERSCAN_PX = 600;
/** Drawn rows this far out are dropped again; between the two, they stay (no churn scrolling back). */
const KEEP_PX = 2 * OVERSCAN_PX;
/** `overflow` values that make an ancestor clip the list (and maybe scroll it). */
const CLIPPING: ReadonlySet<string> = new Set(['auto', 'scroll', 'hidden', 'clip']);

/**
 * A stored job and, while it is drawn, its row. Jobs out of view have no DOM at all: a spacer
 * stands in for each run of them, as tall as their rows were (or are estimated to be).
 */
interface Entry {
  job: Job;
  /** False until `options.verify` passed it (see `setJobs`). */
  isVerified: boolean;
  row: JobRow | null;
  /** Border-box height when last drawn and laid out; null if never. */
  height: number | null;
}

const isFinished = (job: Job): boolean => !isActivePhase(job.phase);

/** Drops the indentation text nodes of the row template: every row would clone them. */
function stripWhitespace(node: Node): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === 3 && child.textContent?.trim() === '') child.remove();
    else stripWhitespace(child);
  }
}

function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function createJobList(els: JobListElements, options: JobListOptions): JobList {
  const { locale, announce } = options;
  const doc = els.list.ownerDocument;
  const win = doc.defaultView;
  stripWhitespace(els.template.content);
  const entries = new Map<string, Entry>();
  const entryOfRow = new WeakMap<Element, Entry>();
  /** Every job in display order (newest first); drawn rows are in the DOM in this order. */
  const order: Entry[] = [];
  /** Spacer elements, reused by position. */
  const spacers: HTMLLIElement[] = [];
  /** Entries to draw whatever the scroll position (a row about to be focused). */
  const pinned = new Set<Entry>();
  const estimate = createHeightEstimate();
  let finishedCount = 0;
  let targetId: string | null = null;
  /** Time of the last setJobs/apply/tick: rows drawn on scroll show times as of then (at most 1 s old). */
  let lastNow = 0;
  let gapPx: number | null = null;
  let frame: number | null = null;

  els.list.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const button = target?.closest<HTMLButtonElement>('button[data-action]');
    const li = button?.closest('li');
    const entry = li ? entryOfRow.get(li) : undefined;
    if (!button || !entry) return;
    const action = button.dataset['action'];
    if (action === 'remove' || action === 'retry') options.onAction(action, entry.job);
  });

  /** The entry whose row holds `node`, if any. */
  function entryAt(node: EventTarget | Element | null): Entry | undefined {
    const li = node instanceof Element ? node.closest('li.job') : null;
    return li ? entryOfRow.get(li) : undefined;
  }

  // Tab and Shift+Tab go on to the next row's buttons: keep the focused row's neighbours drawn.
  els.list.addEventListener('focusin', (event) => {
    const entry = entryAt(event.target);
    if (entry === undefined) return;
    const index = order.indexOf(entry);
    if (order[index - 1]?.row === null || order[index + 1]?.row === null) layout();
  });

  // Up/Down go to the previous/next job, Home/End to the first/last, drawn or not.
  els.list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const entry = entryAt(event.target);
    if (entry === undefined) return;
    const index = order.indexOf(entry);
    const next =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? order.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const to = order[next];
    if (to !== undefined) focusEntry(to, 'nearest');
  });

  const onViewportChange = (): void => scheduleLayout();
  doc.addEventListener('scroll', onViewportChange, { capture: true, passive: true });
  win?.addEventListener('resize', onViewportChange, { passive: true });

  /** Index of the first entry that sorts after `job`. */
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

  const heightOf = (entry: Entry): number => entry.height ?? estimate.value;

  function gap(): number {
    if (gapPx === null) {
      const value = parseFloat(win?.getComputedStyle(els.list).rowGap ?? '');
      gapPx = Number.isFinite(value) ? value : 0;
    }
    return gapPx;
  }

  function build(entry: Entry): void {
    const row = createJobRow(els.template, entry.job, locale, lastNow);
    if (entry.job.id === targetId) row.el.classList.add('is-target');
    entry.row = row;
    entryOfRow.set(row.el, entry);
  }

  function spacer(index: number, height: number): HTMLLIElement {
    let el = spacers[index];
    if (el === undefined) {
      el = doc.createElement('li');
      el.className = 'job-gap';
      el.setAttribute('aria-hidden', 'true');
      spacers[index] = el;
    }
    const px = `${height}px`;
    if (el.style.height !== px) el.style.height = px;
    return el;
  }

  /** Reads the drawn rows' heights (this lays out the page; it is small by then). */
  function measure(): void {
    for (const entry of order) {
      if (entry.row === null) continue;
      const height = entry.row.el.getBoundingClientRect().height;
      // 0: not laid out (a hidden list, or a DOM without layout); keep what we knew.
      if (height > 0 && height !== entry.height) {
        estimate.record(height, entry.height);
        entry.height = height;
      }
    }
  }

  /**
   * The visible part of the page in px from the top of the list, widened by `margin`. Ancestors
   * that clip (a scrolling section) narrow it; body and html do not, their overflow is the page's.
   */
  function visibleBand(margin: number): { from: number; to: number } {
    const listTop = els.list.getBoundingClientRect().top;
    let top = 0;
    let bottom = win?.innerHeight ?? 0;
    for (let el = els.list.parentElement; el && el !== doc.body && el !== doc.documentElement; el = el.parentElement) {
      if (!CLIPPING.has(win?.getComputedStyle(el).overflowY ?? '')) continue;
      const rect = el.getBoundingClientRect();
      top = Math.max(top, rect.top);
      bottom = Math.min(bottom, rect.bottom);
    }
    return { from: top - listTop - margin, to: bottom - listTop + margin };
  }

  /** Which entries should be drawn now. */
  function wanted(): Set<Entry> {
    if (order.length <= WHOLE_LIST_MAX) return new Set(order);
    const want = new Set<Entry>(pinned);
    const focused = entryAt(doc.activeElement);
    if (focused !== undefined) {
      const index = order.indexOf(focused);
      for (const near of [order[index - 1], focused, order[index + 1]]) if (near) want.add(near);
    }
    const view = visibleBand(OVERSCAN_PX);
    const keep = visibleBand(KEEP_PX);
    const height = (i: number): number => heightOf(order[i]!);
    const shown = rowsInBand(order.length, height, gap(), view.from, view.to);
    for (let i = shown.start; i < shown.end; i++) want.add(order[i]!);
    const kept = rowsInBand(order.length, height, gap(), keep.from, keep.to);
    for (let i = kept.start; i < kept.end; i++) if (order[i]!.row !== null) want.add(order[i]!);
    return want;
  }

  /**
   * Puts the drawn rows, and a spacer for each run of undrawn ones, into the list. A row that stays
   * is never taken out and put back: that would drop its focus. Spacers are moved freely.
   */
  function syncDom(): void {
    const desired: Element[] = [];
    const size = String(order.length);
    let spacerCount = 0;
    let runCount = 0;
    let runHeight = 0;
    const closeRun = (): void => {
      if (runCount === 0) return;
      desired.push(spacer(spacerCount++, runHeight + gap() * (runCount - 1)));
      runCount = 0;
      runHeight = 0;
    };
    order.forEach((entry, index) => {
      if (entry.row === null) {
        runCount++;
        runHeight += heightOf(entry);
        return;
      }
      closeRun();
      // Undrawn rows still count: "3 of 1000" for assistive technology.
      setAttr(entry.row.el, 'aria-setsize', size);
      setAttr(entry.row.el, 'aria-posinset', String(index + 1));
      desired.push(entry.row.el);
    });
    closeRun();
    const list = els.list;
    let cursor = list.firstChild;
    const dropUpTo = (stop: ChildNode | null): void => {
      while (cursor !== null && cursor !== stop) {
        const next: ChildNode | null = cursor.nextSibling;
        cursor.remove();
        cursor = next;
      }
    };
    for (const node of desired) {
      if (node === cursor) {
        cursor = cursor.nextSibling;
      } else if (node.parentNode === list && !node.classList.contains('job-gap')) {
        // Rows keep their DOM order, so what lies between here and this row is not wanted any more.
        dropUpTo(node);
        cursor = node.nextSibling;
      } else {
        list.insertBefore(node, cursor);
      }
    }
    dropUpTo(null);
  }

  /**
   * Draws the rows that should be drawn and drops the others. Real heights replace estimates as
   * rows are drawn, which can bring more rows into view: repeat until nothing changes.
   */
  function layout(): void {
    if (frame !== null) {
      win?.cancelAnimationFrame(frame);
      frame = null;
    }
    if (els.list.hidden) {
      syncDom();
      return;
    }
    for (let pass = 0; pass < 4; pass++) {
      measure();
      const want = wanted();
      // Records taken unchecked get their full check before they are drawn; one that fails is
      // dropped, which moves the others: work out the picture again.
      const rejected = [...want].filter((entry) => !verify(entry));
      if (rejected.length > 0) {
        for (const entry of rejected) drop(entry);
        refreshChrome();
        pass--;
        continue;
      }
      let isChanged = false;
      for (const entry of order) {
        const isWanted = want.has(entry);
        if (isWanted && entry.row === null) {
          build(entry);
          isChanged = true;
        } else if (!isWanted && entry.row !== null) {
          entry.row = null;
          isChanged = true;
        }
      }
      syncDom();
      if (!isChanged) break;
    }
  }

  function scheduleLayout(): void {
    if (frame !== null || win === null) return;
    frame = win.requestAnimationFrame(() => {
      frame = null;
      layout();
    });
  }

  function focusEntry(entry: Entry, block: ScrollLogicalPosition): void {
    pinned.add(entry);
    layout();
    pinned.delete(entry);
    const el = entry.row?.el;
    if (el === undefined) return;
    el.scrollIntoView?.({ block });
    el.focus({ preventScroll: true });
    // The view moved: draw what is around the row now, before the next frame.
    layout();
  }

  /** Runs the full check on an entry that has not had it; false if the record failed it. */
  function verify(entry: Entry): boolean {
    if (entry.isVerified) return true;
    const job = options.verify ? options.verify(entry.job) : entry.job;
    if (job === null) return false;
    entry.job = job;
    entry.isVerified = true;
    return true;
  }

  /** Takes out an entry that was never drawn (a record that failed its check). */
  function drop(entry: Entry): void {
    order.splice(order.indexOf(entry), 1);
    entries.delete(entry.job.id);
    if (isFinished(entry.job)) finishedCount--;
  }

  function add(job: Job): void {
    const entry: Entry = { job, isVerified: true, row: null, height: null };
    entries.set(job.id, entry);
    if (isFinished(job)) finishedCount++;
    order.splice(insertionIndex(job), 0, entry);
  }

  /** Returns true when the entry moved in the order. */
  function update(entry: Entry, job: Job, now: number): boolean {
    const before = entry.job;
    if (isFinished(before) !== isFinished(job)) finishedCount += isFinished(job) ? 1 : -1;
    entry.job = job;
    entry.isVerified = true;
    if (entry.row !== null) updateJobRow(entry.row, job, locale, now);
    announceChange(before, job);
    if (before.createdAt === job.createdAt) return false;
    const row = entry.row;
    const focused = row?.el.contains(doc.activeElement) ? doc.activeElement : null;
    // Out of the DOM first, so putting it back at its new place moves no other row.
    row?.el.remove();
    order.splice(order.indexOf(entry), 1);
    order.splice(insertionIndex(job), 0, entry);
    if (focused instanceof HTMLElement) {
      pinned.add(entry);
      layout();
      pinned.delete(entry);
      focused.focus({ preventScroll: true });
    }
    return true;
  }

  function remove(entry: Entry): void {
    const hadFocus = entry.row?.el.contains(doc.activeElement) === true;
    const wasOnRetry = entry.row !== null && doc.activeElement === entry.row.retry;
    const index = order.indexOf(entry);
    order.splice(index, 1);
    entries.delete(entry.job.id);
    if (entry.height !== null) estimate.forget(entry.height);
    if (isFinished(entry.job)) finishedCount--;
    entry.row?.el.remove();
    entry.row = null;
    if (hadFocus) focusNear(index, wasOnRetry);
  }

  /** Keeps keyboard users in the list: the same button on the next (or previous) row. */
  function focusNear(index: number, wasOnRetry: boolean): void {
    const neighbour = order[index] ?? order[index - 1];
    if (!neighbour) {
      els.focusFallback.focus();
      return;
    }
    pinned.add(neighbour);
    layout();
    pinned.delete(neighbour);
    const row = neighbour.row;
    if (row === null) return;
    const target = wasOnRetry && !row.retry.hidden ? row.retry : row.remove;
    target.focus();
  }

  function announceChange(before: Job, after: Job): void {
    if (before.phase === after.phase) return;
    // From the job, not the row: jobs out of view are announced too.
    const name = displayName(after);
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
    const isEmpty = entries.size === 0;
    if (els.empty.hidden !== !isEmpty) els.empty.hidden = !isEmpty;
    if (els.list.hidden !== isEmpty) els.list.hidden = isEmpty;
    const disable = finishedCount === 0;
    if (els.clearButton.disabled !== disable) {
      const hadFocus = doc.activeElement === els.clearButton;
      els.clearButton.disabled = disable;
      if (disable && hadFocus) els.focusFallback.focus();
    }
  }

  const list: JobList = {
    setJobs(jobs, now, check = { isVerified: true }) {
      lastNow = now;
      const next = new Map<string, Job>();
      for (const job of jobs) next.set(job.id, job);
      if (entries.size === 0) {
        for (const job of [...next.values()].sort(byNewestFirst)) {
          const entry: Entry = { job, isVerified: check.isVerified, row: null, height: null };
          entries.set(job.id, entry);
          if (isFinished(job)) finishedCount++;
          order.push(entry);
        }
        refreshChrome();
        layout();
        return;
      }
      const changes = new Map<string, Job | null>();
      for (const [id, job] of next) {
        const checked = check.isVerified || !options.verify ? job : options.verify(job);
        if (checked !== null) changes.set(id, checked);
      }
      for (const id of entries.keys()) if (!changes.has(id)) changes.set(id, null);
      list.apply(changes, now);
    },

    verifyAll() {
      const rejected = order.filter((entry) => !verify(entry));
      if (rejected.length === 0) return;
      for (const entry of rejected) drop(entry);
      refreshChrome();
      layout();
    },

    apply(changes, now) {
      lastNow = now;
      let isReshaped = false;
      for (const [id, job] of changes) {
        const entry = entries.get(id);
        if (job === null) {
          if (entry) {
            remove(entry);
            isReshaped = true;
          }
        } else if (entry) {
          if (entry.job !== job && update(entry, job, now)) isReshaped = true;
        } else {
          add(job);
          isReshaped = true;
        }
      }
      refreshChrome();
      // Rows came or went: draw the new picture now. A changed row only changed inside itself;
      // its new height is read in the next frame.
      if (isReshaped) layout();
      else scheduleLayout();
    },

    tick(now) {
      lastNow = now;
      for (const entry of order) if (entry.row !== null) updateRowTimes(entry.row, locale, now);
    },

    get: (id) => entries.get(id)?.job,
    jobs: () => order.map((entry) => entry.job),

    focusJob(id) {
      const entry = entries.get(id);
      if (!entry) return false;
      for (const other of els.list.querySelectorAll('.is-target')) other.classList.remove('is-target');
      targetId = id;
      entry.row?.el.classList.add('is-target');
      focusEntry(entry, 'center');
      // Not there any more if its record failed the check it got before being drawn.
      return entries.has(id);
    },

    get size() {
      return entries.size;
    },

    dispose() {
      if (frame !== null) win?.cancelAnimationFrame(frame);
      frame = null;
      doc.removeEventListener('scroll', onViewportChange, { capture: true });
      win?.removeEventListener('resize', onViewportChange);
    },
  };
  return list;
}
