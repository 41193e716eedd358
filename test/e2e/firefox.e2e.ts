import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../simulator/scenario';
import { startSimulator, type Simulator } from '../simulator/server';
import type { ExtensionGlobal } from './harness/extension-global';
import { launchFirefox, type FirefoxExtension, type NotificationEvent } from './harness/firefox';
import { clickButton, fillByLabel } from './harness/firefox-dom';
import { EN } from './harness/messages';
import { complaintsOf, recordComplaints } from './harness/page-complaints';
import { readRows, trackFormIdle, waitForValue, type RowView } from './harness/popup-rows';
import { jobRecords } from './harness/stored-jobs';

/**
 * The production Firefox build (dist/firefox) in real headless Firefox ESR, reaching the
 * simulator's "Microsoft" hosts through its CONNECT proxy. Judged by the popup's DOM, the badge
 * and the notifications the extension creates. Needs `npm run build` first.
 *
 * Notifications: headless Firefox closes every alert the moment it is created (onClosed fires,
 * onShown never does, and `notifications.getAll()` is `{}` a few milliseconds later), so the
 * harness records the event page's `notifications.create` calls instead (recordNotifications).
 */

let sim: Simulator;
let firefox: FirefoxExtension;

beforeAll(async () => {
  sim = await startSimulator();
  firefox = await launchFirefox({ sim, colorScheme: 'light' });
  await firefox.recordNotifications();
});

/** Complaints of the popup pages, collected when each is closed (closePopup). */
const popupComplaints: string[] = [];

async function openPopup(ff: FirefoxExtension): Promise<Page> {
  const page = await ff.openPopup();
  await recordComplaints(page);
  return page;
}

async function closePopup(page: Page): Promise<void> {
  if (page.isClosed()) return;
  popupComplaints.push(...(await complaintsOf(page).catch(() => [])));
  await page.close();
}

afterEach(() => {
  expect(popupComplaints.splice(0)).toEqual([]);
});

afterAll(async () => {
  await firefox?.close();
  await sim?.close();
});

async function trackInPopup(ff: FirefoxExtension, page: Page, url: string, name: string): Promise<void> {
  const before = (await page.evaluate(readRows)).length;
  await fillByLabel(page, EN('trackUrlLabel'), url);
  await fillByLabel(page, EN('trackNameLabel'), name);
  await clickButton(page, EN('trackSubmit'));
  await waitForValue(
    async () => ({ rows: (await page.evaluate(readRows)).length, idle: await page.evaluate(trackFormIdle) }),
    (seen) => seen.rows > before && seen.idle,
    { timeout: 5_000, what: `a row for "${name}" in ${ff.addonId} and the form ready again` },
  );
}

async function waitForRow(page: Page, name: string, accept: (r: RowView) => boolean, timeout: number, what: string) {
  const found = await waitForValue(
    async () => (await page.evaluate(readRows)).find((r) => r.name === name),
    (r) => r !== undefined && accept(r),
    { timeout, what },
  );
  return found!;
}

describe('Firefox, production build', () => {
  it('tracks a copy typed into the popup: percentage rises, badge counts it, Completed at 100 %, notification created', async () => {
    await firefox.recordNotifications();
    const name = 'Firefox copy';
    const job = sim.createJob({ host: 'business', durationMs: 8_000 });
    const page = await openPopup(firefox);
    try {
      await trackInPopup(firefox, page, job.monitorUrl, name);
      const first = await waitForRow(
        page,
        name,
        (r) => r.value !== null && r.value > 0 && r.value < 100,
        5_000,
        'a first percentage',
      );
      expect(first).toMatchObject({ host: 'contoso-my.sharepoint.com', status: EN('statusRunning') });
      expect(first.percentText).toBe(`${Math.floor(first.value!)}%`);
      const active = await waitForValue(
        () => firefox.badge(),
        (b) => b.text === '1',
        { timeout: 5_000, what: 'badge "1"' },
      );
      expect(active.title).toBe(EN('badgeTooltipActive', '1'));

      const later = await waitForRow(
        page,
        name,
        (r) => r.value !== null && r.value > first.value! && r.value < 100,
        8_000,
        'a higher percentage',
      );
      expect(later.percentText).toBe(`${Math.floor(later.value!)}%`);
      console.log(`[firefox] popup showed ${first.percentText} then ${later.percentText} for "${name}"`);

      const done = await waitForRow(page, name, (r) => r.status === EN('statusCompleted'), 12_000, '"Completed"');
      expect(done).toMatchObject({ percentText: '100%', value: 100, statusKind: 'completed' });
      const idle = await waitForValue(
        () => firefox.badge(),
        (b) => b.text === '',
        { timeout: 5_000, what: 'an empty badge' },
      );
      expect(idle.title).toBe(EN('badgeTooltipIdle'));

      // The URL is nowhere on the page.
      const shown = await page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
      expect(shown).not.toContain(new URL(job.monitorUrl).pathname);
      expect(shown).not.toContain(new URL(job.monitorUrl).searchParams.get('tempauth')!);

      const created = await notificationFor(EN('notifyCompletedMessage', name));
      expect(created).toMatchObject({ type: 'basic', title: EN('notifyCompletedTitle') });
      console.log(`[firefox] notification "${created.title}: ${created.message}" (${created.id})`);
    } finally {
      await closePopup(page);
    }
    const mine = sim.requests.filter((r) => r.jobId === job.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((r) => !r.viaProxy || r.hasAuthorization || r.hasCookie)).toEqual([]);
  });

  it('a copy failing while the popup is open gets its notification too (the getAll() {} was headless Firefox closing it)', async () => {
    await firefox.recordNotifications();
    const name = 'Firefox failure';
    const job = sim.createJob({
      durationMs: 4_000,
      outcome: 'fail',
      failAtPercent: 50,
      errorCode: 'AccessDenied_Denied',
    });
    const page = await openPopup(firefox);
    try {
      await trackInPopup(firefox, page, job.monitorUrl, name);
      const failed = await waitForRow(page, name, (r) => r.statusKind === 'failed', 10_000, '"Failed"');
      expect(failed.status).toBe(EN('statusFailed'));
      expect(failed.detail).toContain(EN('detailErrorCode', 'AccessDenied_Denied'));
      const created = await notificationFor(EN('notifyFailedMessage', name, 'AccessDenied_Denied'));
      expect(created.title).toBe(EN('notifyFailedTitle'));
      // What the API reports afterwards: the notification is already gone in headless Firefox.
      const log = await firefox.notificationLog();
      const closed = log.find((e) => e.event === 'closed' && e.id === created.id);
      console.log(
        `[firefox] failure notification created; headless Firefox closed it ${closed ? `${closed.at - created.at} ms` : 'not yet'} later; getAll() now ${JSON.stringify(await firefox.notifications())}`,
      );
    } finally {
      await closePopup(page);
    }
  });

  it('screenshots: light and dark, with the badge counting the active copies', async () => {
    const light = await openPopup(firefox);
    try {
      const jobs = await seed(firefox, light);
      await waitForStates(light);
      const active = jobRecords(await firefox.storage()).filter((j) =>
        ['pending', 'running', 'unknown'].includes(j.phase),
      );
      expect(active.length).toBeGreaterThanOrEqual(jobs.activeCount);
      const badge = await waitForValue(
        () => firefox.badge(),
        (b) => b.text === String(active.length),
        {
          timeout: 5_000,
          what: `badge "${active.length}"`,
        },
      );
      expect(badge.title).toBe(EN('badgeTooltipActive', String(active.length)));
      expect(await light.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(false);
      console.log(`[firefox] screenshot: ${await firefox.screenshot(light, 'e2e/firefox-light', { fullPage: true })}`);
    } finally {
      await closePopup(light);
    }

    // The colour scheme is a launch preference in Firefox (no media emulation over BiDi).
    const dark = await launchFirefox({ sim, colorScheme: 'dark' });
    try {
      const page = await openPopup(dark);
      await seed(dark, page);
      await waitForStates(page);
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      console.log(`[firefox] screenshot: ${await dark.screenshot(page, 'e2e/firefox-dark', { fullPage: true })}`);
      await closePopup(page);
    } finally {
      await dark.close();
    }
  });
});

/** Waits for the recorded `create` call with this message; checks it resolved and its icon loads. */
async function notificationFor(message: string): Promise<Extract<NotificationEvent, { event: 'create' }>> {
  const log = await waitForValue(
    () => firefox.notificationLog(),
    (events) => events.some((e) => e.event === 'create' && e.message === message),
    { timeout: 5_000, what: `a notification saying "${message}"` },
  );
  const created = log.find(
    (e): e is Extract<NotificationEvent, { event: 'create' }> => e.event === 'create' && e.message === message,
  )!;
  const outcome = await waitForValue(
    async () =>
      (await firefox.notificationLog()).find(
        (e) => (e.event === 'created' || e.event === 'error') && e.id === created.id,
      ),
    (e) => e !== undefined,
    { timeout: 5_000, what: 'notifications.create to settle' },
  );
  expect(outcome).toMatchObject({ event: 'created' });
  expect(created.id).toMatch(/^copy-progress-/);
  expect(created.iconUrl).toBe(`${firefox.origin}/icons/icon-128.png`);
  const icon = await (
    await firefox.probe()
  ).evaluate(async (url: string) => {
    const res = await fetch(url);
    return { ok: res.ok, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
  }, created.iconUrl!);
  expect(icon).toMatchObject({ ok: true, type: 'image/png' });
  expect(icon.size).toBeGreaterThan(100);
  return created;
}

const SEED: [string, Scenario, 'active' | 'ended'][] = [
  ['Marketing assets', { durationMs: 60_000 }, 'active'],
  ['Board minutes', { host: 'personal', durationMs: 1_500 }, 'ended'],
  ['Payroll archive', { durationMs: 3_000, outcome: 'fail', errorCode: 'AccessDenied_Denied' }, 'ended'],
  ['Old exports', { host: 'graph', outcome: 'expire', durationMs: 60_000, expireAfterMs: 1_500 }, 'ended'],
  ['Team site backup', { tenant: 'northwind', durationMs: 60_000, throttle: [{ fromMs: 0 }] }, 'active'],
  ['Scheduled copy', { host: 'business', startDelayMs: 120_000 }, 'active'],
];

async function seed(ff: FirefoxExtension, page: Page): Promise<{ activeCount: number }> {
  for (const [name, scenario] of SEED) await trackInPopup(ff, page, sim.createJob(scenario).monitorUrl, name);
  return { activeCount: SEED.filter(([, , kind]) => kind === 'active').length };
}

async function waitForStates(page: Page): Promise<void> {
  const wanted = [
    ['Marketing assets', 'running'],
    ['Board minutes', 'completed'],
    ['Payroll archive', 'failed'],
    ['Old exports', 'expired'],
    ['Team site backup', 'throttled'],
    ['Scheduled copy', 'pending'],
  ];
  await waitForValue(
    () => page.evaluate(readRows),
    (rows) => wanted.every(([name, kind]) => rows.some((r) => r.name === name && r.statusKind === kind)),
    { timeout: 15_000, what: `rows in the states ${wanted.map((w) => w.join(' ')).join(', ')}` },
  );
  // The page speaks the extension's language (English here) everywhere, the header included.
  expect(await page.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.i18n.getMessage('extName'))).toBe(
    EN('extName'),
  );
}

describe('Firefox, event page suspended when idle', () => {
  it('keeps polling with the popup closed although the event page is suspended after 1 s idle, and notices the end within seconds', async () => {
    // A separate browser whose event page is suspended after 1 s without events (the default
    // is 30 s): the timer dies with the page, and only the one-shot "poll-next" alarm can bring
    // it back in time.
    const ff = await launchFirefox({
      sim,
      colorScheme: 'light',
      prefs: { 'extensions.background.idle.timeout': 1_000 },
    });
    try {
      const name = 'Suspended page';
      const createdAt = Date.now();
      const job = sim.createJob({ host: 'sharepoint', durationMs: 15_000 });
      const page = await openPopup(ff);
      try {
        await trackInPopup(ff, page, job.monitorUrl, name);
      } finally {
        await closePopup(page);
      }
      const closedAt = Date.now();
      const done = await waitForValue(
        async () => jobRecords(await ff.storage()).find((j) => j.name === name),
        (j) => j?.phase === 'completed',
        { timeout: 30_000, what: 'the job to complete with the popup closed' },
      );
      const endsAt = createdAt + sim.timeline(job.id).endsAtMs!;
      const delay = done!.finishedAt! - endsAt;
      const polls = sim.requests.filter((r) => r.jobId === job.id && r.time > closedAt).length;
      console.log(
        `[firefox] suspended event page: completion noticed ${delay} ms after the simulator's end; ${polls} polls with the popup closed`,
      );
      // The alarm API wakes a suspended page; the end must be seen within seconds, not at the 30 s backstop.
      expect(delay).toBeLessThan(5_000);
      expect(polls).toBeGreaterThan(2);
    } finally {
      await ff.close();
    }
  });
});
