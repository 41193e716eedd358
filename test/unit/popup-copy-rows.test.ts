// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobSchema, type Job } from '../../src/core/job';
import { mountPopup, type Popup } from '../../src/popup/app';
import { loadPopupHtml, makeJob, seed, stubI18n, stubRuntime, T0 } from './popup-helpers';

/** Rows of copies started from the popup: destination, the Open link, the signed-out note. */

let popup: Popup | undefined;
let text: ReturnType<typeof stubI18n>;

async function open(): Promise<Popup> {
  popup = mountPopup(document, { search: '', now: () => T0 + 10_000 });
  await popup.ready;
  return popup;
}

const rowNamed = (name: string): HTMLLIElement => {
  const row = [...document.querySelectorAll<HTMLLIElement>('#job-list > li')].find(
    (li) => li.querySelector('.job-name')?.textContent === name,
  );
  if (!row) throw new Error(`no row named ${name}`);
  return row;
};
const part = <T extends HTMLElement = HTMLElement>(row: Element, selector: string): T => {
  const el = row.querySelector<T>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
};
const copyOrigin = (folderName: string): NonNullable<Job['copy']> => ({
  destination: { driveId: 'b!drive', folderId: '01FOLDER' },
  folderName,
});
const completed = (overrides: Partial<Job>): Job =>
  makeJob({ phase: 'completed', percent: 100, finishedAt: T0, copy: copyOrigin('Archive'), ...overrides });

beforeEach(() => {
  loadPopupHtml();
  text = stubI18n('en');
  stubRuntime();
});

afterEach(() => {
  popup?.dispose();
  popup = undefined;
  vi.restoreAllMocks();
});

describe('a row of a copy started here', () => {
  it('says where it goes; a tracked copy says nothing of the sort', async () => {
    await seed(
      makeJob({ id: 'mine', name: 'Report.docx', phase: 'running', copy: copyOrigin('<i>Archive</i> 2026') }),
      makeJob({ id: 'pasted', name: 'Pasted', phase: 'running' }),
    );
    await open();
    const dest = part(rowNamed('Report.docx'), '.job-dest');
    expect(dest.hidden).toBe(false);
    expect(dest.textContent).toBe('to <i>Archive</i> 2026');
    expect(dest.querySelector('i')).toBeNull();
    expect(part(rowNamed('Pasted'), '.job-dest').hidden).toBe(true);
  });

  it('in Portuguese', async () => {
    vi.restoreAllMocks();
    text = stubI18n('pt_BR');
    stubRuntime();
    await seed(makeJob({ id: 'mine', name: 'Relatório', phase: 'running', copy: copyOrigin('Arquivo') }));
    await open();
    expect(part(rowNamed('Relatório'), '.job-dest').textContent).toBe('para Arquivo');
  });

  it('completed and found: an Open link to the webUrl, in a new tab, without opener or referrer', async () => {
    const webUrl = 'https://contoso-my.sharepoint.com/personal/ana/Documents/Archive/Report.docx';
    await seed(completed({ id: 'j', name: 'Report.docx', result: { state: 'found', name: 'Report.docx', webUrl } }));
    await open();
    const link = part<HTMLAnchorElement>(rowNamed('Report.docx'), 'a.job-open');
    expect(link.hidden).toBe(false);
    expect(link.getAttribute('href')).toBe(webUrl);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')?.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    expect(link.textContent).toBe('Open');
    expect(link.getAttribute('aria-label')).toBe('Open the copy of Report.docx (new tab)');
    expect(part(rowNamed('Report.docx'), '.job-detail').hidden).toBe(true);
  });

  it('the link appears when the result arrives and goes when the record loses it', async () => {
    const job = completed({ id: 'j', name: 'Later' });
    await seed(job);
    await open();
    const link = part<HTMLAnchorElement>(rowNamed('Later'), 'a.job-open');
    expect(link.hidden).toBe(true);
    expect(link.hasAttribute('href')).toBe(false);
    await seed({ ...job, result: { state: 'found', name: 'Later', webUrl: 'https://contoso.sharepoint.com/x' } });
    expect(link.hidden).toBe(false);
    expect(link.getAttribute('href')).toBe('https://contoso.sharepoint.com/x');
    await seed({ ...job, result: { state: 'unavailable' } });
    expect(link.hidden).toBe(true);
    expect(link.hasAttribute('href')).toBe(false);
  });

  it('never links anything but https (a record that slipped past the schema)', async () => {
    // The popup parses records with JobSchema; this checks the row's own guard as well.
    const bad = {
      ...completed({ id: 'j', name: 'Bad' }),
      result: { state: 'found', name: 'x', webUrl: 'javascript:alert(1)' },
    };
    expect(JobSchema.safeParse(bad).success).toBe(false);
    const { openUrlOf } = await import('../../src/popup/job-view');
    expect(openUrlOf(bad as Job)).toBeNull();
    expect(
      openUrlOf({ ...bad, result: { state: 'found', name: 'x', webUrl: 'http://contoso.sharepoint.com/x' } }),
    ).toBeNull();
    expect(
      openUrlOf({ ...bad, result: { state: 'found', name: 'x', webUrl: 'https://contoso.sharepoint.com/x' } }),
    ).toBe('https://contoso.sharepoint.com/x');
  });

  it('no link before the copy completed, even with a result', async () => {
    await seed(
      makeJob({
        id: 'j',
        name: 'Running',
        phase: 'running',
        result: { state: 'found', name: 'x', webUrl: 'https://contoso.sharepoint.com/x' },
      }),
    );
    await open();
    expect(part(rowNamed('Running'), 'a.job-open').hidden).toBe(true);
  });

  it('completed while signed out: says to sign in to open it', async () => {
    await seed(completed({ id: 'j', name: 'Offline', result: { state: 'signedOut' } }));
    await open();
    const row = rowNamed('Offline');
    expect(part(row, '.badge-text').textContent).toBe('Completed');
    const detail = part(row, '.job-detail');
    expect(detail.hidden).toBe(false);
    expect(detail.textContent).toBe(text('resultSignedOut'));
    expect(part(row, 'a.job-open').hidden).toBe(true);
  });

  it('unavailable: nothing extra', async () => {
    await seed(completed({ id: 'j', name: 'Gone', result: { state: 'unavailable' } }));
    await open();
    const row = rowNamed('Gone');
    expect(part(row, '.job-detail').hidden).toBe(true);
    expect(part(row, 'a.job-open').hidden).toBe(true);
    expect(part(row, '.job-dest').textContent).toBe('to Archive');
  });
});
