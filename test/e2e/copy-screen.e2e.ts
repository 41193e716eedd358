import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, type Job } from '../../src/core/job';
import { startSimulator, type Simulator } from '../simulator/server';
import { launchChromium, type ChromiumExtension } from './harness/chromium';
import { launchFirefox } from './harness/firefox';
import type { ExtensionGlobal } from './harness/extension-global';
import { EN, PT } from './harness/messages';

/**
 * The popup's account strip and copy screen in the production Chrome build: the lazily loaded
 * chunk must load from the packed layout, and the screen must be usable and look right.
 *
 * Only the popup page's answers to listFolder / resolveLink / startCopy are faked (an init
 * script in front of runtime.sendMessage), so this needs no Microsoft account and no Graph
 * fake; every other command still goes to the real background. The account record is written
 * to storage as the background would.
 */

/** Runs in the popup before its scripts (a string: nothing from this module reaches the page). */
const FAKE_COPY_ANSWERS = `(() => {
  if (!location.pathname.endsWith('/popup.html')) return;
  const sent = [];
  globalThis.__copySent = sent;
  /** Codes startCopy answers with, one per call; then success. */
  globalThis.__startCopyFailures = ['graphNameConflict'];
  const item = (itemId, name, isFolder) => ({ driveId: 'b!me', itemId, name, isFolder });
  const root = item('root-id', 'root', true);
  const docs = item('docs-id', 'Docs', true);
  const folders = {
    'root-id': [docs, item('photos-id', 'Photos', true), item('music-id', 'Music', true), item('notes-id', 'notes.txt', false), item('plan-id', 'Plan 2026.xlsx', false)],
    'docs-id': [item('archive-id', 'Archive', true), item('report-id', 'Quarterly report.docx', false), item('budget-id', 'Budget.xlsx', false), item('long-id', 'A very long file name that needs to wrap onto a second line.pdf', false)],
    'archive-id': [],
    'photos-id': [],
    'music-id': [],
  };
  const answer = (m) => {
    if (m.type === 'listFolder') {
      const id = m.folder ? m.folder.itemId : 'root-id';
      const folder = id === 'root-id' ? root : { driveId: 'b!me', itemId: id, name: id, isFolder: true };
      return { ok: true, data: { folder, items: folders[id] || [], nextLink: null } };
    }
    if (m.type === 'resolveLink') return { ok: true, data: item('shared-id', 'Shared deck.pptx', false) };
    if (m.type === 'startCopy') {
      const code = globalThis.__startCopyFailures.shift();
      return code ? { ok: false, error: { code } } : { ok: true, data: { jobId: 'started-here', synchronous: false } };
    }
    return null;
  };
  const wrap = (api) => {
    if (!api || !api.runtime || !api.runtime.sendMessage) return;
    const real = api.runtime.sendMessage.bind(api.runtime);
    api.runtime.sendMessage = (...args) => {
      const message = args[0];
      const reply = message && typeof message === 'object' ? answer(message) : null;
      if (reply === null) return real(...args);
      sent.push(message);
      const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : null;
      if (callback) {
        setTimeout(() => callback(reply), 120);
        return undefined;
      }
      return new Promise((resolve) => setTimeout(() => resolve(reply), 120));
    };
  };
  wrap(globalThis.chrome);
  if (globalThis.browser && globalThis.browser !== globalThis.chrome) wrap(globalThis.browser);
})();`;

const ACCOUNT = { v: 1, state: 'signedIn', username: 'ana.souza@contoso.onmicrosoft.com', since: Date.now() };

function copyJob(id: string, name: string, overrides: Partial<Job>): Job {
  const base = createJob({
    id,
    monitorUrl: `https://api.onedrive.com/v1.0/monitor/${id}fixture`,
    name,
    host: 'api.onedrive.com',
    shortId: id.slice(0, 6),
    now: Date.now() - 60_000,
  });
  return {
    ...base,
    phase: 'completed',
    percent: 100,
    rawStatus: 'completed',
    finishedAt: Date.now() - 30_000,
    lastCheckedAt: Date.now() - 30_000,
    nextPollAt: null,
    copy: { destination: { driveId: 'b!me', folderId: 'archive-id' }, folderName: 'Archive' },
    ...overrides,
  };
}

/** Storage writes from an extension page (the probe), as the background would make them. */
async function writeStorage(chrome: ChromiumExtension, items: Record<string, unknown>): Promise<void> {
  await (
    await chrome.probe()
  ).evaluate((values) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set(values), items);
}

const sentFrom = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __copySent: { type: string }[] }).__copySent);

async function group(page: Page, heading: string) {
  return page.getByRole('group', { name: heading, exact: true });
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe('Chromium: account strip and copy screen (copy commands answered in the page)', () => {
  let chrome: ChromiumExtension;
  const complaints: string[] = [];
  beforeAll(async () => {
    chrome = await launchChromium({ sim });
    await chrome.context.addInitScript({ content: FAKE_COPY_ANSWERS });
    chrome.context.on('weberror', (e) => complaints.push(`uncaught: ${e.error().message}`));
    chrome.context.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') complaints.push(`page ${m.type()}: ${m.text()}`);
    });
  });
  afterAll(async () => {
    await chrome?.close();
  });

  it('signed out: the strip offers Microsoft sign-in', async () => {
    const page = await chrome.openPopup();
    try {
      const signIn = page.getByRole('button', { name: EN('accountSignIn'), exact: true });
      await signIn.waitFor({ state: 'visible' });
      expect(await page.locator('#account-status').textContent()).toBe(EN('accountSignedOut'));
      expect(await page.getByRole('button', { name: EN('newCopy') }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: EN('openOptions'), exact: true }).isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('browse, choose, an error kept in the screen, then Start: one startCopy, back on the list', async () => {
    await writeStorage(chrome, {
      account: ACCOUNT,
      'job:found1': copyJob('found1', 'Budget.xlsx', {
        result: {
          state: 'found',
          name: 'Budget.xlsx',
          webUrl: 'https://contoso-my.sharepoint.com/personal/ana/Documents/Archive/Budget.xlsx',
        },
      }),
      'job:offline1': copyJob('offline1', 'Slides.pptx', { result: { state: 'signedOut' } }),
    });
    const page = await chrome.openPopup();
    try {
      const newCopy = page.getByRole('button', { name: EN('newCopy'), exact: true });
      await newCopy.waitFor({ state: 'visible' });
      expect(await page.locator('#account-status').textContent()).toBe(EN('accountSignedIn', ACCOUNT.username));
      const openLink = page.getByRole('link', { name: EN('actionOpenLabel', 'Budget.xlsx') });
      expect(await openLink.getAttribute('href')).toMatch(/^https:\/\/contoso-my\.sharepoint\.com\//);
      expect(await openLink.getAttribute('rel')).toBe('noopener noreferrer');
      await chrome.screenshot(page, 'e2e/copy-list-signed-in-en-light');

      await newCopy.click();
      await page.locator('#copy-screen').waitFor({ state: 'visible' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy-heading');
      expect(await page.locator('#list-view').isVisible()).toBe(false);

      const source = await group(page, EN('copySourceHeading'));
      await source.getByRole('button', { name: EN('copyBrowse') }).click();
      await source.getByRole('button', { name: EN('browseOpenFolder', 'Docs') }).click();
      await source.getByRole('button', { name: EN('browseChooseLabel', 'Quarterly report.docx') }).waitFor();
      await chrome.screenshot(page, 'e2e/copy-screen-browse-en-light', { fullPage: true });
      await source.getByRole('button', { name: EN('browseChooseLabel', 'Quarterly report.docx') }).click();
      expect(await source.locator('.pick-chosen').textContent()).toContain('Quarterly report.docx');

      const destination = await group(page, EN('copyDestinationHeading'));
      await destination.getByRole('button', { name: EN('copyBrowse') }).click();
      await destination.getByRole('button', { name: EN('browseOpenFolder', 'Docs') }).click();
      await destination.getByRole('button', { name: EN('browseChooseLabel', 'Archive') }).click();
      await page.getByLabel(EN('copyNewNameLabel')).fill('Quarterly report (copy).docx');
      await page.getByLabel(EN('copyConflictLabel')).selectOption('rename');

      const start = page.getByRole('button', { name: EN('copyStart'), exact: true });
      await start.click();
      await page.locator('#copy-error').waitFor({ state: 'visible' });
      expect(await page.locator('#copy-error').textContent()).toBe(EN('error_graphNameConflict'));
      await chrome.screenshot(page, 'e2e/copy-screen-error-en-light', { fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await chrome.screenshot(page, 'e2e/copy-screen-error-en-dark', { fullPage: true });
      await page.emulateMedia({ colorScheme: 'light' });

      // Twice in a row and a submit from the keyboard path, all while the first is out.
      await page.evaluate(() => {
        const button = document.querySelector<HTMLButtonElement>('#copy-screen .copy-form button[type="submit"]')!;
        button.click();
        button.click();
        button.form!.requestSubmit();
      });
      await page.locator('#list-view').waitFor({ state: 'visible' });
      const copies = (await sentFrom(page)).filter((c) => c.type === 'startCopy');
      expect(copies).toEqual([
        {
          type: 'startCopy',
          source: { driveId: 'b!me', itemId: 'report-id', name: 'Quarterly report.docx' },
          destination: { driveId: 'b!me', itemId: 'archive-id', name: 'Archive' },
          newName: 'Quarterly report (copy).docx',
          conflictBehavior: 'rename',
        },
        {
          type: 'startCopy',
          source: { driveId: 'b!me', itemId: 'report-id', name: 'Quarterly report.docx' },
          destination: { driveId: 'b!me', itemId: 'archive-id', name: 'Archive' },
          newName: 'Quarterly report (copy).docx',
          conflictBehavior: 'rename',
        },
      ]);
      await expect
        .poll(() => page.locator('#announcer').textContent())
        .toContain(EN('announceCopyStarted', 'Quarterly report (copy).docx'));

      // Escape goes back to the list from anywhere in the screen.
      await newCopy.click();
      await page.locator('#copy-screen').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await page.locator('#list-view').waitFor({ state: 'visible' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-copy');
    } finally {
      await page.close();
    }
    expect(complaints).toEqual([]);
  });
});

describe('Chromium in Portuguese: the copy screen', () => {
  it('screenshots, light and dark', async () => {
    const chrome = await launchChromium({ sim, locale: 'pt-BR' });
    try {
      await chrome.context.addInitScript({ content: FAKE_COPY_ANSWERS });
      await writeStorage(chrome, { account: ACCOUNT });
      const page = await chrome.openPopup();
      const newCopy = page.getByRole('button', { name: PT('newCopy'), exact: true });
      await newCopy.waitFor({ state: 'visible' });
      await newCopy.click();
      const source = page.getByRole('group', { name: PT('copySourceHeading'), exact: true });
      await source.getByRole('button', { name: PT('copyBrowse') }).click();
      await source.getByRole('button', { name: PT('browseChooseLabel', 'Photos') }).click();
      // A folder: "replace" is not offered, and the hint says why.
      expect(await page.locator('#copy-conflict option[value="replace"]').isDisabled()).toBe(true);
      expect(await page.locator('#copy-conflict-hint').textContent()).toBe(PT('copyReplaceNotForFolders'));
      const destination = page.getByRole('group', { name: PT('copyDestinationHeading'), exact: true });
      await destination.getByRole('button', { name: PT('copyBrowse') }).click();
      await destination.getByRole('button', { name: PT('browseChooseHere', 'Meus arquivos') }).waitFor();
      await chrome.screenshot(page, 'e2e/copy-screen-pt-light', { fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await chrome.screenshot(page, 'e2e/copy-screen-pt-dark', { fullPage: true });
    } finally {
      await chrome.close();
    }
  });
});

describe('Firefox: the copy screen chunk', () => {
  it('loads from the packed layout when New copy is clicked', async () => {
    const firefox = await launchFirefox({ sim });
    try {
      await (
        await firefox.probe()
      ).evaluate(
        (account) => (globalThis as unknown as ExtensionGlobal).browser.storage.local.set({ account }),
        ACCOUNT,
      );
      const page = await firefox.openPopup();
      await page.waitForSelector('#new-copy:not([hidden])');
      expect(await page.$('#copy-screen')).toBeNull();
      await page.click('#new-copy');
      await page.waitForSelector('#copy-screen:not([hidden])');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy-heading');
      expect(await page.evaluate(() => document.getElementById('list-view')?.hidden)).toBe(true);
      await firefox.screenshot(page, 'e2e/copy-screen-firefox', { fullPage: true });
    } finally {
      await firefox.close();
    }
  });
});
