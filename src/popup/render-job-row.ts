import type { Job } from '../core/job';
import { t } from './i18n';
import { checkedText, describeJob, STATUS_ICON, timeLeftText, type StatusKind } from './job-view';

/**
 * One list row, built once from the `<template id="job-row">` and then patched in place:
 * only values that changed touch the DOM, so focus, selection and scroll survive updates.
 * The monitor URL is never written anywhere in here.
 */
export interface JobRow {
  readonly el: HTMLLIElement;
  job: Job;
  /** Display name currently shown, for announcements and labels. */
  name: string;
  status: StatusKind;
  readonly nameText: Text;
  readonly badge: HTMLElement;
  readonly icon: SVGUseElement;
  readonly badgeText: Text;
  readonly hostText: Text;
  readonly shortText: Text;
  readonly dest: HTMLElement;
  readonly destText: Text;
  readonly open: HTMLAnchorElement;
  readonly progress: HTMLProgressElement;
  readonly percent: HTMLElement;
  readonly percentText: Text;
  readonly detail: HTMLElement;
  readonly detailText: Text;
  readonly eta: HTMLElement;
  readonly etaText: Text;
  readonly checkedText: Text;
  readonly retry: HTMLButtonElement;
  readonly remove: HTMLButtonElement;
}

function part<T extends Element>(root: Element, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (el === null) throw new Error(`popup.html template lacks ${selector}`);
  return el;
}

function textIn(el: Element): Text {
  const node = el.ownerDocument.createTextNode('');
  el.replaceChildren(node);
  return node;
}

function setText(node: Text, value: string): void {
  if (node.data !== value) node.data = value;
}

function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

export function createJobRow(template: HTMLTemplateElement, job: Job, locale: string, now: number): JobRow {
  const fragment = template.content.cloneNode(true) as DocumentFragment;
  const el = fragment.firstElementChild as HTMLLIElement;
  const percent = part<HTMLElement>(el, '.job-percent');
  const detail = part<HTMLElement>(el, '.job-detail');
  const retry = part<HTMLButtonElement>(el, 'button[data-action="retry"]');
  const remove = part<HTMLButtonElement>(el, 'button[data-action="remove"]');
  const eta = part<HTMLElement>(el, '.job-eta');
  const dest = part<HTMLElement>(el, '.job-dest');
  retry.textContent = t('actionRetry');
  part(el, '.job-open-text').textContent = t('actionOpen');
  remove.textContent = t('actionRemove');
  const row: JobRow = {
    el,
    job,
    name: '',
    status: job.phase,
    nameText: textIn(part(el, '.job-name')),
    badge: part(el, '.badge'),
    icon: part(el, '.badge use'),
    badgeText: textIn(part(el, '.badge-text')),
    hostText: textIn(part(el, '.job-host')),
    shortText: textIn(part(el, '.job-short')),
    dest,
    destText: textIn(dest),
    open: part(el, '.job-open'),
    progress: part(el, 'progress'),
    percent,
    percentText: textIn(percent),
    detail,
    detailText: textIn(detail),
    eta,
    etaText: textIn(eta),
    checkedText: textIn(part(el, '.job-checked')),
    retry,
    remove,
  };
  updateJobRow(row, job, locale, now);
  return row;
}

/** Brings a row in line with `job`. Cheap when little changed. */
export function updateJobRow(row: JobRow, job: Job, locale: string, now: number): void {
  row.job = job;
  const view = describeJob(job, locale);
  row.status = view.status;
  setAttr(row.el, 'data-status', view.status);

  if (row.name !== view.name) {
    row.name = view.name;
    setText(row.nameText, view.name);
    row.progress.setAttribute('aria-label', t('progressLabel', view.name));
    row.retry.setAttribute('aria-label', t('actionRetryLabel', view.name));
    row.remove.setAttribute('aria-label', t('actionRemoveLabel', view.name));
  }

  setAttr(row.icon, 'href', `#${STATUS_ICON[view.status]}`);
  setText(row.badgeText, view.statusText);
  // A long unknown status word may be cut with an ellipsis in CSS; the tooltip keeps it whole.
  if (view.status === 'unknown') setAttr(row.badge, 'title', view.statusText);
  else if (row.badge.hasAttribute('title')) row.badge.removeAttribute('title');
  setText(row.hostText, job.host);
  setText(row.shortText, t('jobShortId', job.shortId));
  setText(row.destText, view.destination);
  setHidden(row.dest, view.destination === '');
  if (view.openUrl === null) {
    setHidden(row.open, true);
    if (row.open.hasAttribute('href')) row.open.removeAttribute('href');
  } else {
    setAttr(row.open, 'href', view.openUrl);
    setAttr(row.open, 'aria-label', t('actionOpenLabel', view.name));
    setHidden(row.open, false);
  }

  const bar = row.progress;
  if (view.progress === 'hidden') {
    setHidden(bar, true);
  } else {
    setHidden(bar, false);
    if (view.progress === null) {
      // No value attribute: the native bar is indeterminate (and exposes no aria-valuenow).
      if (bar.hasAttribute('value')) bar.removeAttribute('value');
    } else {
      setAttr(bar, 'value', String(view.progress));
    }
  }
  setText(row.percentText, view.percentText);
  setHidden(row.percent, view.percentText === '');

  setText(row.detailText, view.detail);
  setHidden(row.detail, view.detail === '');
  setHidden(row.retry, !view.canRetry);

  updateRowTimes(row, locale, now);
}

/** The once-a-second refresh: only the two time texts. */
export function updateRowTimes(row: JobRow, locale: string, now: number): void {
  const eta = timeLeftText(row.job, now, locale);
  setText(row.etaText, eta);
  setHidden(row.eta, eta === '');
  setText(row.checkedText, checkedText(row.job, now, locale));
}
