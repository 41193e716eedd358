// @vitest-environment happy-dom
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, JobPhase } from '../../src/core/job';
import { mountPopup, peekStoredJob, type Popup } from '../../src/popup/app';
import { WHOLE_LIST_MAX } from '../../src/popup/job-list';
import { DEFAULT_ROW_HEIGHT } from '../../src/popup/list-window';
import { flush, loadPopupHtml, makeJob, okResult, seed, stubI18n, stubRuntime, T0 } from './popup-helpers';

let popup: Popup | undefined;
let text: ReturnType<typeof stubI18n>;
let runtime: ReturnType<typeof stubRuntime>;

async function open(search = '', now = T0 + 10_000): Promise<Popup> {
  popup = mountPopup(document, { search, now: () => now });
  await popup.ready;
  return popup;
}

const rows = (): HTMLLIElement[] => [...document.querySelectorAll<HTMLLIElement>('#job-list > li.job')];
const rowNamed = (name: string): HTMLLIElement => {
  const row = rows().find((li) => li.querySelector('.job-name')?.textContent === name);
  if (!row) throw new Error(`no row named ${name}`);
  return row;
};
const q = <T extends Element>(root: ParentNode, selector: string): T => {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
};
const badgeOf = (row: Element) => ({
  word: q(row, '.badge-text').textContent,
  icon: q(row, '.badge use').getAttribute('href'),
  status: row.getAttribute('data-status'),
});

beforeEach(() => {
  loadPopupHtml();
  text = stubI18n('en');
  runtime = stubRuntime();
});

afterEach(() => {
  popup?.dispose();
  popup = undefined;
  vi.restoreAllMocks();
});

describe('opening', () => {
  it('connects the popup port, marks outcomes seen, localises the page and sets lang', async () => {
    await open();
    expect(runtime.connect).toHaveBeenCalledWith({ name: 'popup-open' });
    expect(runtime.commands()).toContainEqual({ type: 'markSeen' });
    expect(document.documentElement.lang).toBe('en-US');
    expect(document.title).toBe(text('popupTitle'));
    expect(q(document, 'h1').textContent).toBe('Copy Progress for OneDrive');
    expect(q(document, 'label[for="monitor-url"]').textContent).toBe('Monitor URL');
    expect(q(document, 'label[for="job-name"]').textContent).toBe('Name (optional)');
    expect(q(document, '#track-form button[type="submit"]').textContent).toBe('Track');
  });

  it('says how many damaged records were set aside, and updates when more are', async () => {
    await seed(makeJob({ id: 'fine', name: 'Fine' }));
    await open();
    const notice = q<HTMLElement>(document, '#set-aside-notice');
    expect(notice.hidden).toBe(true);
    await fakeBrowser.storage.local.set({ 'quarantine:job:bad': { raw: 'x', reason: 'notAnObject', at: T0 } });
    await flush();
    await flush();
    expect(notice.hidden).toBe(false);
    expect(notice.textContent).toBe(text('setAsideNotice', '1'));
    expect(rowNamed('Fine')).toBeTruthy();
  });

  it('shows an empty state that explains where the monitor URL comes from', async () => {
    await open();
    const empty = q<HTMLElement>(document, '#empty-state');
    expect(empty.hidden).toBe(false);
    expect(q<HTMLElement>(document, '#job-list').hidden).toBe(true);
    expect(empty.textContent).toContain('Location header');
    expect(empty.textContent).toContain('202 Accepted');
    expect(q<HTMLButtonElement>(document, '#clear-finished').disabled).toBe(true);
  });

  it('lists jobs newest first and skips invalid records and other keys without crashing', async () => {
    await seed(
      makeJob({ id: 'old', name: 'Old', createdAt: T0 - 5000 }),
      makeJob({ id: 'new', name: 'New', createdAt: T0 }),
    );
    await fakeBrowser.storage.local.set({
      'job:broken': { v: 1, id: 'broken' },
      'job:wrongkey': makeJob({ id: 'other', name: 'Misfiled' }),
      settings: { x: 1 },
    });
    await open();
    expect(rows().map((li) => q(li, '.job-name').textContent)).toEqual(['New', 'Old']);
    expect(q<HTMLElement>(document, '#empty-state').hidden).toBe(true);
  });

  it('uses the pt-BR messages and Intl formatting in Portuguese', async () => {
    vi.restoreAllMocks();
    text = stubI18n('pt_BR');
    runtime = stubRuntime();
    await seed(
      makeJob({
        id: 'a',
        phase: 'running',
        percent: 42.7,
        history: [
          [T0 - 60_000, 30],
          [T0, 42.7],
        ],
        lastCheckedAt: T0,
      }),
    );
    await open('', T0 + 5_000);
    const row = rows()[0]!;
    expect(document.documentElement.lang).toBe('pt-BR');
    expect(badgeOf(row).word).toBe('Copiando');
    expect(q(row, '.job-name').textContent).toBe('Cópia sa');
    expect(q(row, '.job-percent').textContent).toBe('42%');
    expect(q(row, '.job-eta').textContent).toBe('cerca de 4 min restantes');
    expect(q(row, '.job-checked').textContent).toBe('verificado há 5 seg.');
  });
});

describe('peekStoredJob', () => {
  it('takes a record with id (matching its key), createdAt, phase and monitorUrl; nothing else', () => {
    const job = makeJob({ id: 'p1' });
    expect(peekStoredJob('job:p1', job)).toBe(job);
    expect(peekStoredJob('job:other', job)).toBeNull();
    expect(peekStoredJob('settings', job)).toBeNull();
    expect(peekStoredJob('job:p1', null)).toBeNull();
    expect(peekStoredJob('job:p1', 'job')).toBeNull();
    expect(peekStoredJob('job:p1', { ...job, phase: 'exploded' })).toBeNull();
    expect(peekStoredJob('job:p1', { ...job, createdAt: '2026' })).toBeNull();
    expect(peekStoredJob('job:p1', { ...job, createdAt: Number.NaN })).toBeNull();
    expect(peekStoredJob('job:p1', { ...job, monitorUrl: 7 })).toBeNull();
  });
});

describe('a job row', () => {
  const cases: [string, Partial<Job>, string, string][] = [
    ['pending', { phase: 'pending' }, 'Waiting to start', '#i-clock'],
    ['running', { phase: 'running', percent: 10 }, 'Copying', '#i-copy'],
    ['unknown', { phase: 'unknown', rawStatus: 'paused' }, 'Unknown: paused', '#i-question'],
    ['completed', { phase: 'completed', percent: 100, finishedAt: T0 }, 'Completed', '#i-check'],
    ['failed', { phase: 'failed', percent: 56, finishedAt: T0 }, 'Failed', '#i-cross'],
    ['cancelled', { phase: 'cancelled', finishedAt: T0 }, 'Cancelled', '#i-ban'],
    ['expired', { phase: 'expired' }, 'Status link expired', '#i-unlink'],
    ['checking', { phase: 'running', problem: { kind: 'network', attempts: 2, since: T0 } }, 'Checking…', '#i-refresh'],
    ['checking', { phase: 'pending', problem: { kind: 'server', attempts: 1, since: T0 } }, 'Checking…', '#i-refresh'],
    [
      'checking',
      { phase: 'running', problem: { kind: 'badResponse', attempts: 1, since: T0 } },
      'Checking…',
      '#i-refresh',
    ],
    [
      'throttled',
      { phase: 'running', problem: { kind: 'throttled', attempts: 1, since: T0 } },
      'Throttled by the service',
      '#i-hourglass',
    ],
  ];
  it.each(cases)('shows %s with an icon and a word', async (status, overrides, word, icon) => {
    await seed(makeJob({ id: 'j', ...overrides }));
    await open();
    const row = rows()[0]!;
    expect(badgeOf(row)).toEqual({ word, icon, status });
  });

  it('a problem on an ended job does not hide its outcome', async () => {
    await seed(makeJob({ id: 'j', phase: 'completed', problem: { kind: 'network', attempts: 1, since: T0 } }));
    await open();
    expect(badgeOf(rows()[0]!).word).toBe('Completed');
  });

  it('shows the failure code and description as detail text', async () => {
    await seed(
      makeJob({
        id: 'j',
        phase: 'failed',
        errorCode: 'AccessDenied_Forbidden',
        statusDescription: 'Completed 3/9 files',
      }),
    );
    await open();
    const detail = q<HTMLElement>(rows()[0]!, '.job-detail');
    expect(detail.hidden).toBe(false);
    expect(detail.textContent).toBe('Error code: AccessDenied_Forbidden — Completed 3/9 files');
  });

  it('explains problems gently instead of calling the copy failed', async () => {
    await seed(makeJob({ id: 'j', phase: 'running', problem: { kind: 'throttled', attempts: 1, since: T0 } }));
    await open();
    expect(q(rows()[0]!, '.job-detail').textContent).toBe(text('problemThrottled'));
  });

  it('has an indeterminate native progress bar while the percentage is unknown', async () => {
    await seed(makeJob({ id: 'j', phase: 'running', percent: null, name: 'Big folder' }));
    await open();
    const bar = q<HTMLProgressElement>(rows()[0]!, 'progress');
    expect(bar.hidden).toBe(false);
    expect(bar.hasAttribute('value')).toBe(false);
    expect(bar.getAttribute('max')).toBe('100');
    expect(bar.getAttribute('aria-label')).toBe('Progress of Big folder');
    expect(q<HTMLElement>(rows()[0]!, '.job-percent').hidden).toBe(true);
  });

  it('shows a determinate bar and an integer percentage', async () => {
    await seed(makeJob({ id: 'j', phase: 'running', percent: 42.7 }));
    await open();
    const row = rows()[0]!;
    expect(q(row, 'progress').getAttribute('value')).toBe('42.7');
    expect(q(row, '.job-percent').textContent).toBe('42%');
  });

  it('names an unnamed job by its short id and shows host and short id, never the monitor URL', async () => {
    const job = makeJob({ id: 'j', phase: 'running', percent: 5 });
    await seed(job);
    await open();
    const row = rows()[0]!;
    expect(q(row, '.job-name').textContent).toBe(`Copy ${job.shortId}`);
    expect(q(row, '.job-host').textContent).toBe('contoso-my.sharepoint.com');
    expect(q(row, '.job-short').textContent).toBe(`ID ${job.shortId}`);
    const everything = document.documentElement.outerHTML;
    expect(everything).not.toContain(job.monitorUrl);
    expect(everything).not.toContain('SECRET');
    expect(everything).not.toContain('/drive/operations/');
  });

  it('shows a hostile name as literal text', async () => {
    const name = '<img src=x onerror=alert(1)>';
    await seed(makeJob({ id: 'j', name }));
    await open();
    const row = rows()[0]!;
    expect(q(row, '.job-name').textContent).toBe(name);
    expect(row.querySelector('img')).toBeNull();
    expect(document.querySelectorAll('img').length).toBe(1); // the header logo only
    expect(q(row, 'button[data-action="remove"]').getAttribute('aria-label')).toBe(`Remove ${name}`);
  });

  it('says how long is left and when it was checked, and refreshes them each second', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0 + 10_000);
    try {
      await seed(
        makeJob({
          id: 'j',
          phase: 'running',
          percent: 40,
          history: [
            [T0 - 120_000, 20],
            [T0, 40],
          ],
          lastCheckedAt: T0,
        }),
      );
      popup = mountPopup(document, { search: '' });
      await popup.ready;
      const row = rows()[0]!;
      // 20 % per 2 min -> 60 % left = 6 min from T0, 5 min 50 s from now.
      expect(q(row, '.job-eta').textContent).toBe('about 6 min left');
      expect(q(row, '.job-checked').textContent).toBe('checked 10 sec. ago');
      const checkedNode = q(row, '.job-checked').firstChild;
      vi.advanceTimersByTime(5_000);
      expect(q(row, '.job-checked').textContent).toBe('checked 15 sec. ago');
      expect(q(row, '.job-checked').firstChild).toBe(checkedNode); // same text node, new data
      vi.setSystemTime(T0 + 6 * 60_000 - 2_000);
      vi.advanceTimersByTime(1_000);
      expect(q(row, '.job-eta').textContent).toBe('finishing');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows no estimate for ended jobs, and when they ended', async () => {
    await seed(
      makeJob({
        id: 'j',
        phase: 'completed',
        percent: 100,
        history: [
          [T0 - 60_000, 50],
          [T0 - 30_000, 90],
        ],
        finishedAt: T0 - 50_000,
      }),
    );
    await open('', T0 + 10_000);
    const row = rows()[0]!;
    expect(q<HTMLElement>(row, '.job-eta').hidden).toBe(true);
    expect(q(row, '.job-checked').textContent).toBe('ended 1 min. ago');
    expect(q(row, 'progress').getAttribute('value')).toBe('100');
  });

  it('offers Retry only for expired, failed and troubled active jobs', async () => {
    const retryable = (phase: JobPhase, problem: Job['problem'] = null) =>
      makeJob({
        id: `${phase}${problem ? 'p' : ''}`,
        phase,
        problem,
        name: `${phase}${problem ? ' with problem' : ''}`,
      });
    await seed(
      retryable('expired'),
      retryable('failed'),
      retryable('running', { kind: 'network', attempts: 3, since: T0 }),
      retryable('running'),
      retryable('completed'),
      retryable('cancelled'),
      retryable('pending'),
    );
    await open();
    const visible = rows()
      .filter((li) => !q<HTMLElement>(li, 'button[data-action="retry"]').hidden)
      .map((li) => q(li, '.job-name').textContent)
      .sort();
    expect(visible).toEqual(['expired', 'failed', 'running with problem']);
    for (const li of rows()) expect(q<HTMLElement>(li, 'button[data-action="remove"]').hidden).toBe(false);
  });
});

describe('keyed updates', () => {
  it('patches only the changed row in place; other rows and focus survive', async () => {
    const a = makeJob({ id: 'a', name: 'A', phase: 'running', percent: 10, createdAt: T0 });
    const b = makeJob({ id: 'b', name: 'B', phase: 'running', percent: 20, createdAt: T0 - 1 });
    await seed(a, b);
    await open();
    const [rowA, rowB] = [rowNamed('A'), rowNamed('B')];
    const bNodes = [...rowB.querySelectorAll('*')];
    const bTexts = [...rowB.querySelectorAll('*')].map((el) => el.textContent);
    const removeB = q<HTMLButtonElement>(rowB, 'button[data-action="remove"]');
    removeB.focus();
    const aPercentNode = q(rowA, '.job-percent').firstChild;

    await seed({ ...a, percent: 55, history: [[T0, 55]] });

    expect(rows()).toEqual([rowA, rowB]);
    expect(q(rowA, '.job-percent').textContent).toBe('55%');
    expect(q(rowA, '.job-percent').firstChild).toBe(aPercentNode);
    const bNodesAfter = [...rowB.querySelectorAll('*')];
    expect(bNodesAfter.length).toBe(bNodes.length);
    bNodesAfter.forEach((node, i) => expect(node).toBe(bNodes[i]));
    expect(rowNamed('B')).toBe(rowB);
    expect([...rowB.querySelectorAll('*')].map((el) => el.textContent)).toEqual(bTexts);
    expect(document.activeElement).toBe(removeB);
  });

  it('adds and removes rows as keys appear and disappear, keeping newest first', async () => {
    await seed(makeJob({ id: 'a', name: 'A', createdAt: T0 }));
    await open();
    const rowA = rowNamed('A');
    await seed(makeJob({ id: 'c', name: 'C', createdAt: T0 + 5 }), makeJob({ id: 'b', name: 'B', createdAt: T0 - 5 }));
    expect(rows().map((li) => q(li, '.job-name').textContent)).toEqual(['C', 'A', 'B']);
    expect(rowNamed('A')).toBe(rowA);
    await fakeBrowser.storage.local.remove('job:c');
    expect(rows().map((li) => q(li, '.job-name').textContent)).toEqual(['A', 'B']);
    await fakeBrowser.storage.local.remove(['job:a', 'job:b']);
    expect(rows()).toEqual([]);
    expect(q<HTMLElement>(document, '#empty-state').hidden).toBe(false);
  });

  it('ignores other storage areas and non-job keys', async () => {
    await seed(makeJob({ id: 'a', name: 'A' }));
    await open();
    await fakeBrowser.storage.session.set({ 'job:z': makeJob({ id: 'z', name: 'Z' }) });
    await fakeBrowser.storage.local.set({ schedule: { next: 1 } });
    expect(rows().map((li) => q(li, '.job-name').textContent)).toEqual(['A']);
  });

  it('a record that turns invalid is dropped, not a crash', async () => {
    await seed(makeJob({ id: 'a', name: 'A' }), makeJob({ id: 'b', name: 'B' }));
    await open();
    await fakeBrowser.storage.local.set({ 'job:a': { v: 99 } });
    expect(rows().map((li) => q(li, '.job-name').textContent)).toEqual(['B']);
  });

  it('moves focus to a neighbour when the focused row goes away', async () => {
    await seed(makeJob({ id: 'a', name: 'A', createdAt: T0 }), makeJob({ id: 'b', name: 'B', createdAt: T0 - 1 }));
    await open();
    q<HTMLButtonElement>(rowNamed('A'), 'button[data-action="remove"]').focus();
    await fakeBrowser.storage.local.remove('job:a');
    expect(document.activeElement).toBe(q(rowNamed('B'), 'button[data-action="remove"]'));
    await fakeBrowser.storage.local.remove('job:b');
    expect(document.activeElement).toBe(q(document, '#list-heading'));
  });

  it('announces state changes politely, but not percentage ticks', async () => {
    const a = makeJob({ id: 'a', name: 'Report', phase: 'running', percent: 10 });
    await seed(a);
    await open();
    const region = q(document, '#announcer');
    expect(region.getAttribute('aria-live')).toBe('polite');
    await seed({ ...a, percent: 50 });
    await flush();
    expect(region.textContent).toBe('');
    await seed({ ...a, phase: 'completed', percent: 100, finishedAt: T0 });
    await flush();
    expect(region.textContent).toBe('Report completed');
  });

  it('tells the background when a new failure is seen while the popup is open', async () => {
    const a = makeJob({ id: 'a', phase: 'running' });
    await seed(a);
    await open();
    await flush();
    runtime.sendMessage.mockClear();
    await seed({ ...a, phase: 'failed', seen: false, finishedAt: T0 });
    expect(runtime.commands()).toEqual([{ type: 'markSeen' }]);
  });
});

describe('actions', () => {
  it('Remove and Retry send the right commands, with the job name in their accessible names', async () => {
    await seed(makeJob({ id: 'x1', name: 'Photos', phase: 'expired' }));
    await open();
    const row = rowNamed('Photos');
    const retry = q<HTMLButtonElement>(row, 'button[data-action="retry"]');
    const remove = q<HTMLButtonElement>(row, 'button[data-action="remove"]');
    expect(retry.getAttribute('aria-label')).toBe('Retry Photos');
    expect(remove.getAttribute('aria-label')).toBe('Remove Photos');
    expect(retry.textContent).toBe('Retry');
    expect(remove.textContent).toBe('Remove');
    runtime.sendMessage.mockClear();
    retry.click();
    remove.click();
    await flush();
    expect(runtime.commands()).toEqual([
      { type: 'retryJob', id: 'x1' },
      { type: 'removeJob', id: 'x1' },
    ]);
  });

  it('Clear finished is enabled only with finished jobs and sends clearFinished', async () => {
    const active = makeJob({ id: 'a', phase: 'running' });
    await seed(active);
    await open();
    const clear = q<HTMLButtonElement>(document, '#clear-finished');
    expect(clear.disabled).toBe(true);
    await seed({ ...active, phase: 'completed', finishedAt: T0 });
    expect(clear.disabled).toBe(false);
    runtime.sendMessage.mockClear();
    clear.click();
    await flush();
    expect(runtime.commands()).toEqual([{ type: 'clearFinished' }]);
  });

  it('shows a refused action with its localised message; no answer counts as internal', async () => {
    await seed(makeJob({ id: 'a', name: 'A', phase: 'failed' }));
    runtime.sendMessage.mockImplementation((async (command: { type: string }) =>
      command.type === 'retryJob' ? { ok: false, error: { code: 'jobNotRetryable' } } : undefined) as never);
    await open();
    const notice = q<HTMLElement>(document, '#action-error');
    q<HTMLButtonElement>(rowNamed('A'), 'button[data-action="retry"]').click();
    await flush();
    expect(notice.hidden).toBe(false);
    expect(notice.textContent).toBe(text('error_jobNotRetryable'));
    q<HTMLButtonElement>(rowNamed('A'), 'button[data-action="remove"]').click();
    await flush();
    expect(notice.textContent).toBe(text('error_internal'));
  });
});

describe('the track form', () => {
  const url = q.bind(null, document) as <T extends Element>(s: string) => T;
  const fill = (monitorUrl: string, name = '') => {
    url<HTMLInputElement>('#monitor-url').value = monitorUrl;
    url<HTMLInputElement>('#job-name').value = name;
  };
  const submit = async () => {
    url<HTMLFormElement>('#track-form').requestSubmit();
    await flush();
  };

  const invalid: [string, string][] = [
    ['urlEmpty', ''],
    ['urlInvalid', 'not a url'],
    ['urlNotHttps', 'http://api.onedrive.com/v1.0/monitor/abc'],
    ['urlHasUserInfo', 'https://user:pw@api.onedrive.com/v1.0/monitor/abc'],
    ['urlHostNotAllowed', 'https://example.com/v1.0/monitor/abc'],
    ['urlAlreadyTracked', 'https://api.onedrive.com/v1.0/monitor/tracked#frag'],
  ];
  it.each(invalid)('shows %s next to the field and keeps the text', async (code, typed) => {
    await seed(makeJob({ id: 'a', monitorUrl: 'https://api.onedrive.com/v1.0/monitor/tracked' }));
    await open();
    runtime.sendMessage.mockClear();
    fill(typed);
    await submit();
    const input = url<HTMLInputElement>('#monitor-url');
    const error = url<HTMLElement>('#monitor-url-error');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe(text(`error_${code}`));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('monitor-url-error');
    expect(input.value).toBe(typed);
    expect(runtime.commands()).toEqual([]);
    expect(document.activeElement).toBe(input);
  });

  it('rejects a name over the limit next to the name field', async () => {
    await open();
    fill('https://api.onedrive.com/v1.0/monitor/abc', 'n'.repeat(201));
    await submit();
    expect(url<HTMLElement>('#job-name-error').textContent).toBe(text('error_nameTooLong'));
    expect(url('#job-name').getAttribute('aria-invalid')).toBe('true');
    expect(url<HTMLElement>('#monitor-url-error').hidden).toBe(true);
  });

  it('sends trackJob, clears the fields and announces it on success', async () => {
    await open();
    runtime.sendMessage.mockClear();
    runtime.sendMessage.mockImplementation(async () => okResult({ id: 'new' }));
    fill('  https://contoso.sharepoint.com/_api/v2.0/monitor/abc  ', ' Quarterly ');
    await submit();
    expect(runtime.commands()).toEqual([
      { type: 'trackJob', url: 'https://contoso.sharepoint.com/_api/v2.0/monitor/abc', name: 'Quarterly' },
    ]);
    expect(url<HTMLInputElement>('#monitor-url').value).toBe('');
    expect(url<HTMLInputElement>('#job-name').value).toBe('');
    expect(url<HTMLElement>('#monitor-url-error').hidden).toBe(true);
    expect(url('#announcer').textContent).toBe('Now tracking Quarterly');
  });

  it('omits an empty name', async () => {
    await open();
    runtime.sendMessage.mockClear();
    fill('https://api.onedrive.com/v1.0/monitor/abc');
    await submit();
    expect(runtime.commands()).toEqual([{ type: 'trackJob', url: 'https://api.onedrive.com/v1.0/monitor/abc' }]);
  });

  it('shows a background refusal the same way and keeps the text', async () => {
    await open();
    runtime.sendMessage.mockImplementation(async () => ({
      ok: false,
      error: { code: 'urlAlreadyTracked' },
    }));
    fill('https://api.onedrive.com/v1.0/monitor/abc');
    await submit();
    expect(url('#monitor-url-error').textContent).toBe(text('error_urlAlreadyTracked'));
    expect(url<HTMLInputElement>('#monitor-url').value).toBe('https://api.onedrive.com/v1.0/monitor/abc');
  });

  it('treats a malformed answer as an internal error', async () => {
    await open();
    runtime.sendMessage.mockImplementation(async () => ({ ok: 'yes' }));
    fill('https://api.onedrive.com/v1.0/monitor/abc');
    await submit();
    expect(url('#monitor-url-error').textContent).toBe(text('error_internal'));
  });

  it('withdraws the error once the user edits the field', async () => {
    await open();
    fill('nope');
    await submit();
    const input = url<HTMLInputElement>('#monitor-url');
    input.value = 'https://';
    input.dispatchEvent(new Event('input'));
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(url<HTMLElement>('#monitor-url-error').hidden).toBe(true);
  });
});

describe('a long list', () => {
  // happy-dom lays nothing out: rows measure 0 px, so the list reckons with DEFAULT_ROW_HEIGHT per
  // row, no gap, and a window of innerHeight px. Scrolling is played by moving the list's top.
  const COUNT = 120;
  const many = (): Job[] =>
    Array.from({ length: COUNT }, (_, i) => makeJob({ id: `m${i}`, name: `Job ${i}`, createdAt: T0 - i }));
  const list = (): HTMLElement => q(document, '#job-list');
  const positions = (): number[] => rows().map((li) => Number(li.getAttribute('aria-posinset')));
  const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  function scrollListTo(top: number): void {
    vi.spyOn(list(), 'getBoundingClientRect').mockReturnValue(new DOMRect(0, -top, 380, COUNT * DEFAULT_ROW_HEIGHT));
    document.dispatchEvent(new Event('scroll'));
  }
  const spacerHeights = (): number[] =>
    [...list().children]
      .filter((el) => !el.matches('li.job'))
      .map((el) => parseFloat((el as HTMLElement).style.height));

  it('draws every row of a short list', async () => {
    await seed(...many().slice(0, WHOLE_LIST_MAX));
    await open();
    expect(rows().length).toBe(WHOLE_LIST_MAX);
    expect(spacerHeights()).toEqual([]);
  });

  it('draws only the rows near the view; each says its place in the whole, a spacer keeps the height of the rest', async () => {
    await seed(...many());
    await open();
    const drawn = rows().length;
    // The view (innerHeight) and as much again below it.
    expect(drawn).toBe(Math.ceil((innerHeight + 600) / DEFAULT_ROW_HEIGHT));
    expect(positions()).toEqual(Array.from({ length: drawn }, (_, i) => i + 1));
    for (const li of rows()) expect(li.getAttribute('aria-setsize')).toBe(String(COUNT));
    expect(rows()[0]!.querySelector('.job-name')?.textContent).toBe('Job 0');
    const spacer = list().lastElementChild as HTMLElement;
    expect(spacer.matches('li.job')).toBe(false);
    expect(spacer.getAttribute('aria-hidden')).toBe('true');
    expect(spacerHeights()).toEqual([(COUNT - drawn) * DEFAULT_ROW_HEIGHT]);
    expect(popup!.list.size).toBe(COUNT);
  });

  it('scrolling draws the rows that come into view and lets far ones go, but never the focused one', async () => {
    await seed(...many());
    await open();
    const remove0 = q<HTMLButtonElement>(rows()[0]!, 'button[data-action="remove"]');
    remove0.focus();
    scrollListTo(60 * DEFAULT_ROW_HEIGHT);
    await nextFrame();
    const shown = positions();
    // The focused row and its neighbours (Tab and Shift+Tab go on from there), then the view.
    expect(shown.slice(0, 2)).toEqual([1, 2]);
    expect(shown).toContain(61);
    expect(shown).not.toContain(10);
    expect(document.activeElement).toBe(remove0);
    // A spacer between the focused row and the view, one after the view.
    expect(spacerHeights().length).toBe(2);
    const total = rows().length + spacerHeights().reduce((sum, h) => sum + h / DEFAULT_ROW_HEIGHT, 0);
    expect(total).toBe(COUNT);
  });

  it('keeps the next row drawn for Tab: focus on the last drawn row draws the one after it', async () => {
    await seed(...many());
    await open();
    const last = rows().at(-1)!;
    const lastPosition = Number(last.getAttribute('aria-posinset'));
    q<HTMLButtonElement>(last, 'button[data-action="remove"]').focus();
    expect(positions()).toContain(lastPosition + 1);
  });

  it('Up, Down, Home and End move between jobs, drawing rows that were not', async () => {
    await seed(...many());
    const scroll = vi.fn();
    (HTMLElement.prototype as unknown as { scrollIntoView: unknown }).scrollIntoView = scroll;
    await open();
    const key = (name: string): void => {
      (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
    };
    q<HTMLButtonElement>(rows()[0]!, 'button[data-action="remove"]').focus();
    key('ArrowDown');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('2');
    key('End');
    const lastRow = document.activeElement as HTMLElement;
    expect(lastRow.getAttribute('aria-posinset')).toBe(String(COUNT));
    expect(lastRow.querySelector('.job-name')?.textContent).toBe(`Job ${COUNT - 1}`);
    expect(scroll).toHaveBeenCalled();
    key('ArrowUp');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe(String(COUNT - 1));
    key('Home');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1');
  });

  it('?job= draws, scrolls to and focuses a job that was out of view', async () => {
    await seed(...many());
    const scroll = vi.fn();
    (HTMLElement.prototype as unknown as { scrollIntoView: unknown }).scrollIntoView = scroll;
    await open('?job=m100');
    const row = rowNamed('Job 100');
    expect(document.activeElement).toBe(row);
    expect(row.classList.contains('is-target')).toBe(true);
    expect(row.getAttribute('aria-posinset')).toBe('101');
    expect(scroll).toHaveBeenCalledWith({ block: 'center' });
  });

  it('announces a job out of view that ends, and touches no row for it', async () => {
    const jobs = many();
    jobs[110] = { ...jobs[110]!, phase: 'running', percent: 50 };
    await seed(...jobs);
    await open();
    await nextFrame();
    expect(positions()).not.toContain(111);
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(list(), { subtree: true, childList: true, attributes: true, characterData: true });
    await seed({ ...jobs[110], phase: 'completed', percent: 100, finishedAt: T0 });
    await flush();
    await nextFrame();
    changes.push(...observer.takeRecords());
    observer.disconnect();
    expect(changes).toEqual([]);
    expect(q(document, '#announcer').textContent).toBe('Job 110 completed');
    // Scrolled to later, it shows what it is now.
    scrollListTo(108 * DEFAULT_ROW_HEIGHT);
    await nextFrame();
    expect(badgeOf(rowNamed('Job 110')).word).toBe('Completed');
  });

  it('checks a record in full before drawing it; the others right after the first screenful', async () => {
    const jobs = many();
    // Both look like jobs at a glance (id, createdAt, phase), but fail the schema.
    const broken = (job: Job): unknown => ({ ...job, percent: 500 });
    await seed(...jobs);
    await fakeBrowser.storage.local.set({ 'job:m0': broken(jobs[0]!), 'job:m100': broken(jobs[100]!) });
    await open();
    // The first one was due to be drawn: never drawn.
    expect(rows()[0]!.querySelector('.job-name')?.textContent).toBe('Job 1');
    // The one out of view is gone too once the first screenful is on screen.
    await nextFrame();
    await flush();
    expect(rows()[0]!.getAttribute('aria-setsize')).toBe(String(COUNT - 2));
    expect(popup!.list.get('m100')).toBeUndefined();
    expect(spacerHeights()).toEqual([(COUNT - 2 - rows().length) * DEFAULT_ROW_HEIGHT]);
  });

  it('a new job at the top shifts every drawn row down one place', async () => {
    await seed(...many());
    await open();
    await seed(makeJob({ id: 'new', name: 'Newest', createdAt: T0 + 1 }));
    expect(rows()[0]!.querySelector('.job-name')?.textContent).toBe('Newest');
    expect(positions().slice(0, 3)).toEqual([1, 2, 3]);
    expect(rows()[1]!.querySelector('.job-name')?.textContent).toBe('Job 0');
    for (const li of rows()) expect(li.getAttribute('aria-setsize')).toBe(String(COUNT + 1));
  });

  it('removing the focused job focuses its neighbour, drawing it if it was not', async () => {
    await seed(...many());
    const scroll = vi.fn();
    (HTMLElement.prototype as unknown as { scrollIntoView: unknown }).scrollIntoView = scroll;
    await open('?job=m119');
    const lastRemove = q<HTMLButtonElement>(rowNamed('Job 119'), 'button[data-action="remove"]');
    lastRemove.focus();
    await fakeBrowser.storage.local.remove('job:m119');
    expect(document.activeElement).toBe(q(rowNamed('Job 118'), 'button[data-action="remove"]'));
  });
});

describe('?job= from a notification', () => {
  it('scrolls to, highlights and focuses that row', async () => {
    await seed(...Array.from({ length: 5 }, (_, i) => makeJob({ id: `j${i}`, name: `Job ${i}`, createdAt: T0 + i })));
    const scroll = vi.fn();
    (HTMLElement.prototype as unknown as { scrollIntoView: unknown }).scrollIntoView = scroll;
    await open('?job=j2');
    const row = rowNamed('Job 2');
    expect(document.activeElement).toBe(row);
    expect(row.classList.contains('is-target')).toBe(true);
    expect(scroll).toHaveBeenCalled();
    expect(document.querySelectorAll('.is-target').length).toBe(1);
  });

  it('focuses the URL field when there is no target', async () => {
    await open('?job=missing');
    expect(document.activeElement).toBe(q(document, '#monitor-url'));
  });
});

describe('markup rules', () => {
  it('has real buttons, visible labels and no inline HTML sinks in the popup sources', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = path.resolve(__dirname, '../../src/popup');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|console\./);
    }
  });
});
