import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumExtension } from './harness/chromium';
import type { ExtensionGlobal } from './harness/extension-global';
import { launchFirefox, type FirefoxExtension } from './harness/firefox';
import { startSimulator, type Simulator } from '../simulator/server';

/**
 * Proves the plumbing, independent of the popup and background code: the production builds
 * load, reach the simulator under the real Microsoft host names (Chromium: resolver rules;
 * Firefox: CONNECT proxy), see 303 completions the way the tracker will, and the harness can
 * stop/wake the worker and read storage, badge and notifications. Needs `npm run build` first.
 */

/** What the tracker does: no credentials, no cache, follow redirects. Runs in the browser. */
async function pollLikeTheTracker(url: string) {
  const res = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  return { status: res.status, redirected: res.redirected, url: res.url, body: await res.text() };
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe('Chromium', () => {
  let chrome: ChromiumExtension;
  beforeAll(async () => {
    chrome = await launchChromium({ sim });
  });
  afterAll(async () => {
    await chrome?.close();
  });

  it('polls a SharePoint monitor from the service worker and follows a 303 completion', async () => {
    const running = sim.createJob({ host: 'sharepoint', durationMs: 60_000 });
    const done = sim.createJob({ host: 'personal', durationMs: 0, completion: 'redirect303' });
    const a = await chrome.worker.evaluate(pollLikeTheTracker, running.monitorUrl);
    expect(a).toMatchObject({ status: 202, redirected: false, url: running.monitorUrl });
    expect(JSON.parse(a.body)).toMatchObject({ status: 'inProgress', operation: 'ItemCopy' });

    const b = await chrome.worker.evaluate(pollLikeTheTracker, done.monitorUrl);
    expect(b).toMatchObject({ status: 401, redirected: true, url: `https://api.onedrive.com${done.itemPath}` });

    const mine = sim.requests.filter((r) => r.jobId === running.id || r.jobId === done.id);
    expect(mine.map((r) => `${r.kind} ${r.status}`)).toEqual(['monitor 202', 'monitor 303', 'item 401']);
    expect(mine.every((r) => !r.hasAuthorization && !r.hasCookie && !r.viaProxy)).toBe(true);
    expect(mine[0]?.host).toBe('contoso.sharepoint.com');
  });

  it('stops and wakes the worker, reads storage, badge and notifications', async () => {
    await chrome.stopWorker();
    expect(await chrome.isWorkerRunning()).toBe(false);
    expect(await chrome.storage()).toEqual(expect.any(Object)); // wakes it
    expect(await chrome.isWorkerRunning()).toBe(true);
    expect(await chrome.badge()).toMatchObject({ text: expect.any(String), color: expect.any(Array) });
    expect(await chrome.notifications()).toEqual(expect.any(Array));
  });

  it('opens the popup page as a tab', async () => {
    const page = await chrome.openPopup();
    expect(page.url()).toBe(`${chrome.origin}/src/popup/popup.html`);
    await chrome.screenshot(page, 'smoke/chromium-popup');
    await page.close();
  });
});

describe('Chromium in Portuguese, dark', () => {
  it('uses pt_BR messages and prefers-color-scheme: dark', async () => {
    const chrome = await launchChromium({ sim, locale: 'pt-BR', colorScheme: 'dark' });
    try {
      const page = await chrome.openPopup();
      const seen = await page.evaluate(() => ({
        name: (globalThis as unknown as ExtensionGlobal).chrome.i18n.getMessage('extName'),
        dark: matchMedia('(prefers-color-scheme: dark)').matches,
      }));
      expect(seen).toEqual({ name: 'Progresso de Cópias do OneDrive', dark: true });
      await chrome.screenshot(page, 'smoke/chromium-popup-pt-dark');
    } finally {
      await chrome.close();
    }
  });
});

describe('Firefox', () => {
  let firefox: FirefoxExtension;
  beforeAll(async () => {
    firefox = await launchFirefox({ sim, colorScheme: 'dark' });
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it('polls through the CONNECT proxy from the popup page and follows a 303 completion', async () => {
    const running = sim.createJob({ host: 'business', durationMs: 60_000 });
    const done = sim.createJob({ host: 'sharepoint', durationMs: 0, completion: 'redirect303' });
    const page = await firefox.openPopup();
    const a = await page.evaluate(pollLikeTheTracker, running.monitorUrl);
    expect(a).toMatchObject({ status: 200, redirected: false });
    expect(JSON.parse(a.body)).toMatchObject({ status: 'running' });
    const b = await page.evaluate(pollLikeTheTracker, done.monitorUrl);
    expect(b).toMatchObject({ status: 401, redirected: true, url: `https://contoso.sharepoint.com${done.itemPath}` });

    const mine = sim.requests.filter((r) => r.jobId === running.id || r.jobId === done.id);
    expect(mine.map((r) => `${r.kind} ${r.status}`)).toEqual(['monitor 200', 'monitor 303', 'item 401']);
    expect(mine.every((r) => !r.hasAuthorization && !r.hasCookie && r.viaProxy)).toBe(true);
    expect(sim.requests.some((r) => r.method === 'CONNECT' && r.host === 'contoso-my.sharepoint.com:443')).toBe(true);
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    await firefox.screenshot(page, 'smoke/firefox-popup-dark');
    await page.close();
  });

  it('reads storage, badge and notifications from an extension page', async () => {
    expect(await firefox.storage()).toEqual(expect.any(Object));
    expect(await firefox.badge()).toMatchObject({ text: expect.any(String), color: expect.any(Array) });
    expect(await firefox.notifications()).toEqual(expect.any(Object));
  });
});

describe('Firefox in Portuguese', () => {
  it('uses pt_BR messages (needs the firefox-esr-l10n-pt-br package)', async () => {
    const firefox = await launchFirefox({ sim, locale: 'pt-BR' });
    try {
      const page = await firefox.openPopup();
      const name = await page.evaluate(() =>
        (globalThis as unknown as ExtensionGlobal).browser.i18n.getMessage('extName'),
      );
      expect(name).toBe('Progresso de Cópias do OneDrive');
      await firefox.screenshot(page, 'smoke/firefox-popup-pt');
    } finally {
      await firefox.close();
    }
  });
});
