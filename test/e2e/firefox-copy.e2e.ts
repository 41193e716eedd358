import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_DRIVE_ID, SIM_ITEMS } from '../simulator/graph';
import { SIM_CLIENT_ID, SIM_USER } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';
import { launchFirefox, type FirefoxExtension, type NotificationEvent } from './harness/firefox';
import { alertWindows, clickAlertWindow, type AlertWindow } from './harness/firefox-alerts';
import { clickButton, fillByLabel, findGroup, selectByLabel } from './harness/firefox-dom';
import { EN } from './harness/messages';
import { complaintsOf, recordComplaints } from './harness/page-complaints';
import { DIST_FIREFOX, resolveDist } from './harness/paths';
import { readRows, waitForValue, type RowView } from './harness/popup-rows';
import { jobRecords } from './harness/stored-jobs';

/**
 * The whole copy flow in real headless Firefox ESR, as a person does it, with the production
 * build (dist/firefox) and nothing faked in the browser: the client id typed into the options
 * page, "Sign in with Microsoft" in the popup (MSAL in the event page, launchWebAuthFlow against
 * the simulator's login.microsoftonline.com), browsing the drive and starting the copy through
 * the simulator's Graph, the progress polled from the monitor URL Graph handed back, the "Open"
 * link, and the completion notification clicked in Firefox's own alert window (see
 * harness/firefox-alerts.ts for how, and why not the system backend). Every HTTPS request goes
 * through the simulator's CONNECT proxy, so its log is the whole truth of what left the browser.
 * Needs `npm run build` first. The steps build on each other and run in order.
 */

const NEW_NAME = 'Photos backup';
/** Long enough for several progress readings (the popup asks at least every 2 s). */
const COPY_MS = 9_000;
const OPTIONS_PAGE = 'src/options/options.html';

/** Firefox's redirect URL: https://<sha1 of the add-on id>.extensions.allizom.org/ */
async function redirectUriOf(dist: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const hash = createHash('sha1').update(manifest.browser_specific_settings.gecko.id).digest('hex');
  return `https://${hash}.extensions.allizom.org/`;
}

let sim: Simulator;
let firefox: FirefoxExtension;
let redirectUri: string;
let popup: Page;

beforeAll(async () => {
  const dist = resolveDist(DIST_FIREFOX);
  redirectUri = await redirectUriOf(dist);
  sim = await startSimulator({ identity: { redirectUris: [redirectUri] } });
  firefox = await launchFirefox({ sim, dist, colorScheme: 'light', alertWindows: true });
});

afterAll(async () => {
  await firefox?.close();
  await sim?.close();
});

/**
 * Errors the popup logged or threw (page-complaints.ts), and every text its live region
 * announced (each replaces the last, so they are collected as they come).
 */
type PopupGlobal = { __e2eAnnounced?: string[] };
async function instrumentPopup(page: Page): Promise<void> {
  await recordComplaints(page);
  await page.evaluate(() => {
    const announced: string[] = [];
    (globalThis as unknown as PopupGlobal).__e2eAnnounced = announced;
    const region = document.getElementById('announcer')!;
    new MutationObserver(() => {
      if (region.textContent) announced.push(region.textContent);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}
const announcedIn = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...((globalThis as unknown as PopupGlobal).__e2eAnnounced ?? [])]);

/** What the account strip shows: its status line and which of its buttons are there. */
const accountStrip = (page: Page) =>
  page.evaluate(() => {
    const shown = (id: string) => {
      const el = document.getElementById(id);
      return el !== null && !el.hidden && el.getClientRects().length > 0;
    };
    return {
      status: document.getElementById('account-status')?.textContent ?? '',
      busy: document.getElementById('account')?.getAttribute('aria-busy') === 'true',
      signIn: shown('sign-in'),
      signOut: shown('sign-out'),
      newCopy: shown('new-copy'),
      newCopyText: (document.getElementById('new-copy')?.textContent ?? '').trim(),
      error: shown('account-error') ? (document.getElementById('account-error')?.textContent ?? '') : '',
    };
  });

const isShown = (page: Page, selector: string) =>
  page.evaluate((s: string) => {
    const el = document.querySelector<HTMLElement>(s);
    return el !== null && !el.hidden && el.getClientRects().length > 0;
  }, selector);

const chosenIn = (page: Page, group: string) =>
  page.evaluate((g: string) => document.querySelector(`${g} .pick-chosen`)?.textContent ?? '', group);

async function waitForRow(page: Page, accept: (r: RowView) => boolean, timeout: number, what: string) {
  const found = await waitForValue(
    async () => (await page.evaluate(readRows)).find((r) => r.name === NEW_NAME),
    (r) => r !== undefined && accept(r),
    { timeout, what },
  );
  return found!;
}

describe('Firefox: a copy started in the popup, from sign-in to the opened result', () => {
  /** Filled in as the steps go. */
  let jobId: string;
  let newItemId: string;
  let webUrl: string;
  let simEndsAt: number;

  it('takes the client id in the options page, and the popup signs in with Microsoft', async () => {
    const options = await firefox.openPage(OPTIONS_PAGE, { width: 900, height: 1000 });
    try {
      // The page tells the person which redirect URI to register: the one the simulator knows.
      await waitForValue(
        () => options.evaluate(() => (document.getElementById('redirect-uri') as HTMLInputElement | null)?.value ?? ''),
        (value) => value !== '',
        { timeout: 10_000, what: 'the redirect URI in the options page' },
      );
      expect(await options.evaluate(() => (document.getElementById('redirect-uri') as HTMLInputElement).value)).toBe(
        redirectUri,
      );
      await fillByLabel(options, EN('optionsClientIdLabel'), SIM_CLIENT_ID);
      await clickButton(options, EN('optionsSave'));
      await waitForValue(
        () => options.evaluate(() => document.getElementById('save-status')?.textContent ?? ''),
        (text) => text === EN('optionsSaved'),
        { timeout: 10_000, what: `"${EN('optionsSaved')}" in the options page` },
      );
    } finally {
      await options.close();
    }
    expect((await firefox.storage())['settings']).toMatchObject({ clientId: SIM_CLIENT_ID, tenant: 'common' });

    popup = await firefox.openPopup();
    await instrumentPopup(popup);
    const signedOut = await waitForValue(
      () => accountStrip(popup),
      (s) => s.signIn,
      { timeout: 10_000, what: 'the Sign in button' },
    );
    expect(signedOut).toMatchObject({ status: EN('accountSignedOut'), newCopy: false });

    const started = Date.now();
    await clickButton(popup, EN('accountSignIn'));
    const signedIn = await waitForValue(
      () => accountStrip(popup),
      (s) => s.newCopy && !s.busy,
      { timeout: 30_000, what: 'the strip to say signed in' },
    );
    console.log(`[firefox copy] signed in from the popup in ${Date.now() - started} ms`);
    expect(signedIn).toMatchObject({
      status: EN('accountSignedIn', SIM_USER.preferredUsername),
      signIn: false,
      signOut: true,
      newCopy: true,
      newCopyText: EN('newCopy'),
      error: '',
    });
    expect(await announcedIn(popup)).toContain(EN('announceSignedIn', SIM_USER.preferredUsername));
    // One interactive authorize with this browser's redirect URI, one code redemption.
    expect(sim.identity.authorizeRequests).toMatchObject([
      { clientId: SIM_CLIENT_ID, redirectUri, prompt: 'select_account', outcome: 'code' },
    ]);
    expect(sim.identity.tokenRequests.filter((t) => t.grantType === 'authorization_code')).toMatchObject([
      { status: 200, clientId: SIM_CLIENT_ID, origin: firefox.origin },
    ]);
  });

  it('New copy: browse to Photos, browse to Projects, a new name, keep both, Start; back on the list', async () => {
    sim.graph.nextCopyScenario({ host: 'business', durationMs: COPY_MS, label: NEW_NAME });
    await firefox.recordNotifications();

    await clickButton(popup, EN('newCopy'));
    await waitForValue(
      () => isShown(popup, '#copy-screen'),
      (shown) => shown,
      { timeout: 10_000, what: 'the copy screen' },
    );
    expect(await popup.evaluate(() => document.getElementById('copy-heading')?.textContent)).toBe(EN('copyHeading'));
    expect(await isShown(popup, '#list-view')).toBe(false);

    const source = await findGroup(popup, EN('copySourceHeading'));
    expect(await chosenIn(popup, source)).toBe(EN('copyNothingChosen'));
    await clickButton(popup, EN('copyBrowse'), { within: source });
    // The root of the drive: the simulator's folders, and its file (the source lists files too).
    const rootNames = await waitForValue(
      () =>
        popup.evaluate(
          (g: string) => [...document.querySelectorAll(`${g} .browse-item .browse-name`)].map((e) => e.textContent),
          source,
        ),
      (names) => names.includes('Photos'),
      { timeout: 15_000, what: 'the root of the drive in "What to copy"' },
    );
    expect(rootNames).toEqual(sim.graph.childNames(SIM_ITEMS.root));
    await clickButton(popup, EN('browseChooseLabel', 'Photos'), { within: source });
    await waitForValue(
      () => chosenIn(popup, source),
      (text) => text.includes('Photos'),
      { timeout: 5_000, what: 'Photos chosen' },
    );
    expect(await chosenIn(popup, source)).toBe(`${EN('copyKindFolder')}Photos`);
    // A folder: "replace" is not offered.
    expect(
      await popup.evaluate(
        () => document.querySelector<HTMLOptionElement>('#copy-conflict option[value="replace"]')?.disabled,
      ),
    ).toBe(true);

    const destination = await findGroup(popup, EN('copyDestinationHeading'));
    await clickButton(popup, EN('copyBrowse'), { within: destination });
    const folders = await waitForValue(
      () =>
        popup.evaluate(
          (g: string) => [...document.querySelectorAll(`${g} .browse-item .browse-name`)].map((e) => e.textContent),
          destination,
        ),
      (names) => names.includes('Projects'),
      { timeout: 15_000, what: 'the root of the drive in "Where to put the copy"' },
    );
    // Folders only here.
    expect(folders).toEqual(['Photos', 'Projects', 'Reports']);
    await clickButton(popup, EN('browseChooseLabel', 'Projects'), { within: destination });
    await waitForValue(
      () => chosenIn(popup, destination),
      (text) => text.includes('Projects'),
      { timeout: 5_000, what: 'Projects chosen' },
    );

    await fillByLabel(popup, EN('copyNewNameLabel'), NEW_NAME);
    await selectByLabel(popup, EN('copyConflictLabel'), 'rename');
    // The tab is as wide as the popup's body; the screen is taller than the tab, so its vertical
    // scrollbar made the page 12 px too wide and focus scrolled it sideways. The full-page shot
    // has no scrollbar: show it from its left edge.
    await popup.evaluate(() => scrollTo(0, 0));
    await firefox.screenshot(popup, 'e2e/firefox-copy-screen-filled', { fullPage: true });
    await clickButton(popup, EN('copyStart'));

    await waitForValue(
      () => isShown(popup, '#list-view'),
      (shown) => shown,
      { timeout: 20_000, what: 'the list again after Start' },
    );
    expect(await isShown(popup, '#copy-screen')).toBe(false);
    await waitForValue(
      () => announcedIn(popup),
      (texts) => texts.some((text) => text.includes(EN('announceCopyStarted', NEW_NAME))),
      { timeout: 5_000, what: 'the "copy started" announcement' },
    );

    // What Graph was asked to do: exactly this copy, once.
    expect(sim.graph.copies).toHaveLength(1);
    const [copy] = sim.graph.copies;
    expect(copy).toMatchObject({
      sourceId: SIM_ITEMS.photos,
      targetDriveId: SIM_DRIVE_ID,
      targetParentId: SIM_ITEMS.projects,
      name: NEW_NAME,
      conflictBehavior: 'rename',
    });
    newItemId = copy!.newItemId;
    simEndsAt = copy!.time + sim.timeline(copy!.jobId).endsAtMs!;
    const job = jobRecords(await firefox.storage()).find((j) => j.name === NEW_NAME);
    expect(job).toMatchObject({
      copy: { folderName: 'Projects', destination: { driveId: SIM_DRIVE_ID, folderId: SIM_ITEMS.projects } },
    });
    jobId = job!.id;
  });

  it('the row says where the copy goes, its bar rises over several readings, then Completed', async () => {
    const readings: { at: number; value: number }[] = [];
    const first = await waitForRow(
      popup,
      (r) => r.value !== null && r.value > 0 && r.value < 100,
      15_000,
      'a first percentage',
    );
    readings.push({ at: Date.now(), value: first.value! });
    expect(first).toMatchObject({
      status: EN('statusRunning'),
      statusKind: 'running',
      destination: EN('jobDestination', 'Projects'),
      progressLabel: EN('progressLabel', NEW_NAME),
      openHref: null,
    });
    expect(first.percentText).toBe(`${Math.floor(first.value!)}%`);

    const later = await waitForRow(
      popup,
      (r) => r.value !== null && r.value > first.value! && r.value < 100,
      15_000,
      'a higher percentage',
    );
    readings.push({ at: Date.now(), value: later.value! });
    expect(later.percentText).toBe(`${Math.floor(later.value!)}%`);

    const done = await waitForRow(popup, (r) => r.statusKind === 'completed', 30_000, '"Completed"');
    const seenDoneAt = Date.now();
    expect(done).toMatchObject({
      status: EN('statusCompleted'),
      value: 100,
      percentText: '100%',
      destination: EN('jobDestination', 'Projects'),
    });
    await waitForValue(
      () => announcedIn(popup),
      (texts) => texts.some((text) => text.includes(EN('announceCompleted', NEW_NAME))),
      { timeout: 5_000, what: 'the "completed" announcement' },
    );
    const stored = jobRecords(await firefox.storage()).find((j) => j.id === jobId)!;
    console.log(
      `[firefox copy] readings ${readings.map((r) => `${r.value}%`).join(' -> ')} -> 100%; ` +
        `the simulator ended the copy at +${sim.timeline(sim.graph.copies[0]!.jobId).endsAtMs} ms; ` +
        `the background recorded the completion ${stored.finishedAt! - simEndsAt} ms after that; ` +
        `the popup showed "Completed" by ${seenDoneAt - simEndsAt} ms after it`,
    );
    // Polled, not guessed: the completion is seen after the simulator ended the copy, and soon.
    expect(stored.finishedAt! - simEndsAt).toBeGreaterThanOrEqual(0);
    expect(stored.finishedAt! - simEndsAt).toBeLessThan(10_000);
  });

  it('the completed row has an Open link to the new item as Graph reports it', async () => {
    const item = sim.graph.item(newItemId);
    expect(item).not.toBeNull();
    webUrl = item!['webUrl'] as string;
    // The same address worked out the simulator's way: the drive's webUrl, then the path.
    expect(webUrl).toBe(
      `https://contoso-my.sharepoint.com/personal/adelev_contoso_onmicrosoft_com/Documents/Projects/${encodeURIComponent(NEW_NAME)}`,
    );
    expect(item).toMatchObject({ name: NEW_NAME, folder: { childCount: 1 } });
    expect(sim.graph.childNames(SIM_ITEMS.projects)).toEqual(['Apollo', NEW_NAME]);

    const row = await waitForRow(popup, (r) => r.openHref !== null, 15_000, 'the Open link');
    expect(row.openHref).toBe(webUrl);
    expect(row.openLabel).toBe(EN('actionOpenLabel', NEW_NAME));
    const link = await popup.evaluate(() => {
      const a = document.querySelector<HTMLAnchorElement>('#job-list a.job-open:not([hidden])');
      return { text: a?.textContent?.trim(), target: a?.target, rel: a?.rel };
    });
    expect(link).toEqual({ text: EN('actionOpen'), target: '_blank', rel: 'noopener noreferrer' });

    const shot = await firefox.screenshot(popup, 'e2e/firefox-copy-finished', { fullPage: true });
    console.log(`[firefox copy] screenshot: ${shot}`);
  });

  it('a notification says the copy finished, and clicking it opens the new item', async () => {
    const message = EN('notifyCompletedMessage', NEW_NAME);
    const log = await waitForValue(
      () => firefox.notificationLog(),
      (events) => events.some((e) => e.event === 'create' && e.message === message),
      { timeout: 10_000, what: `a notification saying "${message}"` },
    );
    const creates = log.filter((e): e is Extract<NotificationEvent, { event: 'create' }> => e.event === 'create');
    expect(creates).toHaveLength(1);
    const created = creates[0]!;
    expect(created).toMatchObject({
      type: 'basic',
      title: EN('notifyCompletedTitle'),
      message,
      iconUrl: `${firefox.origin}/icons/icon-128.png`,
    });
    expect(created.id).toMatch(/^copy-progress-/);
    console.log(`[firefox copy] notification created ${created.at - simEndsAt} ms after the simulator ended the copy`);

    // Firefox shows it in its alert window (onShown fires), and it stays there to be clicked.
    const [alert] = await waitForValue(
      () => alertWindows(firefox.browser),
      (windows) => windows.some((w) => w.text === message),
      { timeout: 10_000, what: 'the alert window' },
    ).then((windows) => windows.filter((w): w is AlertWindow => w.text === message));
    expect(alert).toMatchObject({ title: EN('notifyCompletedTitle'), text: message });
    await waitForValue(
      () => firefox.notificationLog(),
      (events) => events.some((e) => e.event === 'shown' && e.id === created.id),
      { timeout: 5_000, what: 'onShown' },
    );
    // What a click will lead to: the record kept for it names this job, whose result is the item.
    const key = `notification:${created.id}`;
    expect((await firefox.storage())[key]).toMatchObject({ jobIds: [jobId] });
    expect(jobRecords(await firefox.storage()).find((j) => j.id === jobId)?.result).toEqual({
      state: 'found',
      name: NEW_NAME,
      webUrl,
    });

    const requestsBefore = sim.requests.length;
    const clickedAt = Date.now();
    await clickAlertWindow(firefox.browser, alert!);
    const opened = await firefox.browser.waitForTarget((t) => t.url() === webUrl, { timeout: 15_000 });
    console.log(`[firefox copy] the notification click opened the item's page in ${Date.now() - clickedAt} ms`);
    expect(opened.type()).toBe('page');
    // The tab really went there (through the proxy, to the simulator), without a token.
    const visit = await waitForValue(
      async () =>
        sim.requests
          .slice(requestsBefore)
          .find(
            (r) => r.method === 'GET' && r.path === new URL(webUrl).pathname && r.host === 'contoso-my.sharepoint.com',
          ),
      (r) => r !== undefined,
      { timeout: 10_000, what: "the tab's request for the item's page" },
    );
    expect(visit).toMatchObject({ hasAuthorization: false, viaProxy: true });

    // The click was used up: its record is gone, the alert window closed itself.
    await waitForValue(
      async () => key in (await firefox.storage()),
      (present) => !present,
      { timeout: 5_000, what: 'the click record to be taken' },
    );
    await waitForValue(
      () => alertWindows(firefox.browser),
      (windows) => !windows.some((w) => w.text === message),
      { timeout: 10_000, what: 'the alert window to close' },
    );
    // Shown, clicked, then closed by Firefox after its click animation.
    const events = await waitForValue(
      async () => (await firefox.notificationLog()).filter((e) => e.id === created.id).map((e) => e.event),
      (seen) => seen.includes('closed'),
      { timeout: 5_000, what: 'onClosed' },
    );
    expect(events).toEqual(['create', 'created', 'shown', 'closed']);
    await opened.page().then((page) => page?.close());
  });

  it('sent tokens only to Graph, never to the monitor or item hosts, and no cookie anywhere', async () => {
    const requests = [...sim.requests];
    const monitor = requests.filter((r) => r.kind === 'monitor');
    const item = requests.filter((r) => r.kind === 'item');
    const graph = requests.filter((r) => r.kind === 'graph');
    console.log(
      `[firefox copy] simulator log: ${requests.length} requests (${monitor.length} monitor, ${item.length} item, ` +
        `${graph.length} graph, ${requests.filter((r) => r.kind === 'identity').length} identity, ` +
        `${requests.filter((r) => r.kind === 'proxy').length} proxy tunnels, ${requests.filter((r) => r.kind === 'other').length} other)`,
    );
    expect(monitor.length).toBeGreaterThan(2);
    expect(monitor.every((r) => r.jobId === sim.graph.copies[0]!.jobId)).toBe(true);
    expect([...monitor, ...item].filter((r) => r.hasAuthorization)).toEqual([]);
    // Browse (item + children, twice), the copy, the lookup of the result: all with the token.
    expect(graph.length).toBeGreaterThanOrEqual(6);
    expect(graph.filter((r) => !r.hasAuthorization)).toEqual([]);
    // (A Graph item path without a token would be logged as kind 'item': judge by host too.)
    expect(requests.filter((r) => r.host === 'graph.microsoft.com' && r.kind !== 'graph')).toEqual([]);
    expect(graph.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      `/v1.0/drives/${SIM_DRIVE_ID}/items/${SIM_ITEMS.photos}/copy`,
    ]);
    expect(graph.some((r) => r.method === 'GET' && r.path.endsWith(`/items/${newItemId}`))).toBe(true);
    expect(requests.filter((r) => r.hasCookie)).toEqual([]);
    // Everything went through the proxy: nothing reached the network around it.
    expect(requests.filter((r) => !r.viaProxy)).toEqual([]);

    expect(await complaintsOf(popup)).toEqual([]);
    await popup.close();
  });
});
