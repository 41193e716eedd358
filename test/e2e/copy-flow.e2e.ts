import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_REDIRECT_URI } from '../extension-ids';
import { SIM_ITEMS } from '../simulator/graph';
import { SIM_CLIENT_ID, SIM_USER } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';
import { launchChromium, type ChromiumExtension } from './harness/chromium';
import type { ExtensionGlobal } from './harness/extension-global';
import { EN } from './harness/messages';

/**
 * The whole copy flow in Chrome, as a person does it, against the production build and the
 * simulator's identity platform and Graph (no faked commands, no faked answers): type the client
 * ID on the options page, sign in from the popup, choose a folder and a destination in the copy
 * screen, start it, watch it progress (through a killed worker and a closed offscreen document),
 * and open the new item from the row and from the completion notification.
 */

const COPY_DURATION_MS = 8_000;

let sim: Simulator;
let chrome: ChromiumExtension;

beforeAll(async () => {
  sim = await startSimulator({ identity: { redirectUris: [CHROME_REDIRECT_URI] } });
  chrome = await launchChromium({ sim });
});

afterAll(async () => {
  await chrome?.close();
  await sim?.close();
});

const waitFor = async (check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const group = (page: Page, heading: string) => page.getByRole('group', { name: heading, exact: true });

describe('copying from the extension in Chrome', () => {
  it('configures, signs in, starts a folder copy, follows it and opens the result', async () => {
    // 1. Options: the client ID, as a newcomer types it.
    const options = await chrome.context.newPage();
    await options.goto(`${chrome.origin}/src/options/options.html`);
    await options.getByLabel(EN('optionsClientIdLabel')).fill(SIM_CLIENT_ID);
    await options.getByRole('button', { name: EN('optionsSave'), exact: true }).click();
    await options.getByText(EN('optionsSaved'), { exact: true }).waitFor();
    await options.close();

    // 2. Sign in from the popup's account strip: one authorize request, and the strip says who.
    const popup = await chrome.openPopup();
    await popup.getByRole('button', { name: EN('accountSignIn'), exact: true }).click();
    await popup.getByRole('button', { name: EN('newCopy'), exact: true }).waitFor({ timeout: 20_000 });
    expect(await popup.locator('#account-status').textContent()).toBe(
      EN('accountSignedIn', SIM_USER.preferredUsername),
    );
    expect(sim.identity.authorizeRequests).toHaveLength(1);

    // 3. The copy screen: Photos (a folder) into Projects, under a new name.
    sim.graph.nextCopyScenario({ label: 'e2ecopy', durationMs: COPY_DURATION_MS, progress: 'linear' });
    await popup.getByRole('button', { name: EN('newCopy'), exact: true }).click();
    const source = group(popup, EN('copySourceHeading'));
    await source.getByRole('button', { name: EN('copyBrowse') }).click();
    await source.getByRole('button', { name: EN('browseChooseLabel', 'Photos') }).click();
    const destination = group(popup, EN('copyDestinationHeading'));
    await destination.getByRole('button', { name: EN('copyBrowse') }).click();
    await destination.getByRole('button', { name: EN('browseChooseLabel', 'Projects') }).click();
    await popup.getByLabel(EN('copyNewNameLabel')).fill('Photos backup');
    await popup.getByLabel(EN('copyConflictLabel')).selectOption('rename');
    await chrome.screenshot(popup, 'e2e/copy-flow-screen', { fullPage: true });
    await popup.getByRole('button', { name: EN('copyStart'), exact: true }).click();

    // 4. Back on the list: the new row, named and labelled with its destination, moving.
    const row = popup.locator('.job', { hasText: 'Photos backup' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(EN('jobDestination', 'Projects'));
    expect(sim.graph.copies).toMatchObject([
      {
        sourceId: SIM_ITEMS.photos,
        targetParentId: SIM_ITEMS.projects,
        name: 'Photos backup',
        conflictBehavior: 'rename',
      },
    ]);
    const copy = sim.graph.copies[0]!;
    const readings: number[] = [];
    await waitFor(async () => {
      const bar = (await chrome.progressBars(popup)).find((b) => b.name.includes('Photos backup'));
      if (bar?.value != null && bar.value !== readings.at(-1)) readings.push(bar.value);
      return readings.length >= 2 && readings.at(-1)! > readings[0]!;
    }, 'the progress bar to rise');
    await popup.close();

    // 5. Mid-copy the worker is killed and the offscreen document (MSAL) closed: the completion
    //    must still be noticed and the new item named with a silent token.
    await chrome.inWorker(() =>
      (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome.offscreen
        .closeDocument()
        .catch(() => undefined),
    );
    await chrome.stopWorker();
    const authorizeBefore = sim.identity.authorizeRequests.length;

    const stored = async () =>
      Object.values(await chrome.storage()).find((v) => (v as { name?: string }).name === 'Photos backup') as
        { phase: string; result?: { state: string; webUrl?: string }; finishedAt: number | null } | undefined;
    await waitFor(async () => (await stored())?.result?.state === 'found', 'the finished copy to be named', 45_000);
    const newItem = sim.graph.item(copy.newItemId) as { webUrl: string; name: string };
    expect(newItem.name).toBe('Photos backup');
    expect((await stored())?.result).toEqual({ state: 'found', name: 'Photos backup', webUrl: newItem.webUrl });
    expect(sim.identity.authorizeRequests).toHaveLength(authorizeBefore); // silent: no sign-in window

    // 6. The row links to the new item.
    const after = await chrome.openPopup();
    const open = after.getByRole('link', { name: EN('actionOpenLabel', 'Photos backup') });
    await open.waitFor();
    expect(await open.getAttribute('href')).toBe(newItem.webUrl);
    expect(await open.getAttribute('target')).toBe('_blank');
    await chrome.screenshot(after, 'e2e/copy-flow-finished', { fullPage: true });
    await after.close();

    // 7. The completion notification opens the new item. Headless Chrome shows no notification
    //    to click, so the click event is dispatched to the worker's real listener.
    const [notificationId] = await chrome.notifications();
    expect(notificationId).toBeDefined();
    const opened = chrome.context.waitForEvent('page', { timeout: 15_000 });
    await chrome.inWorker(
      (id: string) =>
        (
          globalThis as unknown as { chrome: { notifications: { onClicked: { dispatch(id: string): void } } } }
        ).chrome.notifications.onClicked.dispatch(id),
      notificationId,
    );
    const tab = await opened;
    await waitFor(async () => tab.url() !== 'about:blank', 'the new tab to navigate');
    expect(tab.url()).toBe(newItem.webUrl);
    await tab.close();

    // 8. Tokens went to Graph and the identity service only: never to a monitor or an item URL.
    const monitorSide = sim.requests.filter((r) => r.kind === 'monitor' || r.kind === 'item');
    expect(monitorSide.length).toBeGreaterThan(2);
    expect(monitorSide.filter((r) => r.hasAuthorization)).toEqual([]);
    const graph = sim.requests.filter((r) => r.kind === 'graph' && r.method !== 'OPTIONS');
    expect(graph.length).toBeGreaterThanOrEqual(5);
    expect(graph.filter((r) => !r.hasAuthorization)).toEqual([]);
    expect(sim.requests.filter((r) => r.hasCookie)).toEqual([]);
    const storedText = JSON.stringify(
      await chrome.inWorker(() => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(null)),
    );
    expect(storedText).not.toContain('simAT.'); // no access token in extension storage

    // 9. Sign out from the strip: the strip offers sign-in again and MSAL forgot the account. To
    //    tell, the old account record is put back as if sign-out had not happened: MSAL must
    //    have nothing to renew with (no token request, no window), so it says "sign in again".
    const last = await chrome.openPopup();
    await last.getByRole('button', { name: EN('accountSignOut'), exact: true }).click();
    await last.getByRole('button', { name: EN('accountSignIn'), exact: true }).waitFor();
    expect(await last.locator('#account-status').textContent()).toBe(EN('accountSignedOut'));
    await last.close();
    expect(await chrome.send({ type: 'listFolder' })).toEqual({ ok: false, error: { code: 'signedOut' } });
    const tokensBefore = sim.identity.tokenRequests.length;
    const authorizeAfterSignOut = sim.identity.authorizeRequests.length;
    await chrome.inWorker(
      (username: string) =>
        (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({
          account: { v: 1, state: 'signedIn', username, since: Date.now() },
        }),
      SIM_USER.preferredUsername,
    );
    // A fresh worker reads that record and really asks MSAL, which answers "needs sign-in".
    await chrome.stopWorker();
    expect(await chrome.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: false, state: 'needsSignIn' },
    });
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore);
    expect(sim.identity.authorizeRequests).toHaveLength(authorizeAfterSignOut);
  });
});
