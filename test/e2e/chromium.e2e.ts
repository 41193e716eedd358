import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedJob } from '../simulator/jobs';
import type { Scenario } from '../simulator/scenario';
import { startSimulator, type Simulator } from '../simulator/server';
import { launchChromium, type ChromiumExtension } from './harness/chromium';
import type { ExtensionGlobal } from './harness/extension-global';
import { EN, PT, type MessageKey } from './harness/messages';
import { readRows, trackFormIdle, waitForValue, type RowView } from './harness/popup-rows';
import { jobRecords, type StoredJob } from './harness/stored-jobs';
import { newJobRecord } from '../bench/seed-jobs';

/**
 * The production Chrome build (dist/chrome) in real headless Chromium against the simulator,
 * judged by what a person sees: popup text, progress bars as the accessibility tree exposes
 * them, the toolbar badge and its tooltip, desktop notifications. Needs `npm run build` first.
 * One browser for the file; every test starts from an empty job list (beforeEach).
 */

/** chrome.action colours come back as [r, g, b, a]; BADGE_COLORS.attention is #c01c28. */
const ATTENTION_RED = [0xc0, 0x1c, 0x28, 255];

let sim: Simulator;
let chrome: ChromiumExtension;
const fileStarted = Date.now();

/** What the extension's pages and worker logged as errors or warnings, or threw uncaught. */
const extensionComplaints: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  chrome = await launchChromium({ sim });
  chrome.context.on('weberror', (e) => extensionComplaints.push(`uncaught: ${e.error().message}`));
  chrome.context.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') extensionComplaints.push(`page ${m.type()}: ${m.text()}`);
  });
  chrome.worker.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') extensionComplaints.push(`worker ${m.type()}: ${m.text()}`);
  });
});

afterAll(async () => {
  await chrome?.close();
  await sim?.close();
});

/** Every job removed through the product's own command, popups closed, notifications cleared. */
beforeEach(async () => {
  for (const page of chrome.context.pages()) if (page.url().includes('/popup.html')) await page.close();
  for (const job of jobRecords(await chrome.storage())) {
    expect(await chrome.send({ type: 'removeJob', id: job.id })).toMatchObject({ ok: true });
  }
  await chrome.clearNotifications();
  expect(jobRecords(await chrome.storage())).toEqual([]);
  await expect.poll(async () => (await chrome.badge()).text).toBe('');
});

async function jobById(id: string): Promise<StoredJob | undefined> {
  return jobRecords(await chrome.storage()).find((job) => job.id === id);
}

async function waitForJob(id: string, accept: (job: StoredJob) => boolean, timeout: number, what: string) {
  const job = await waitForValue(
    () => jobById(id),
    (j) => j !== undefined && accept(j),
    { timeout, what, interval: 150 },
  );
  return job!;
}

interface Tracked {
  sim: CreatedJob;
  /** The extension's job id. */
  id: string;
  /** Epoch ms just before the simulator job was created (its timeline counts from then). */
  simCreatedAt: number;
}

/** Tracks a job without the popup (from the probe page, the popup's message path). */
async function trackQuietly(scenario: Scenario, name: string): Promise<Tracked> {
  const simCreatedAt = Date.now();
  const job = sim.createJob(scenario);
  const answer = (await chrome.send({ type: 'trackJob', url: job.monitorUrl, name })) as {
    ok: boolean;
    data: { id: string };
  };
  expect(answer).toMatchObject({ ok: true, data: { id: expect.any(String) } });
  return { sim: job, id: answer.data.id, simCreatedAt };
}

/** Types into the popup's form like a person: label, label, button. */
async function trackInPopup(
  page: Page,
  url: string,
  name: string,
  labels = { url: EN('trackUrlLabel'), name: EN('trackNameLabel'), submit: EN('trackSubmit') },
): Promise<void> {
  const before = (await page.evaluate(readRows)).length;
  await page.getByLabel(labels.url, { exact: true }).fill(url);
  await page.getByLabel(labels.name, { exact: true }).fill(name);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await waitForValue(
    async () => ({ rows: (await page.evaluate(readRows)).length, idle: await page.evaluate(trackFormIdle) }),
    (seen) => seen.rows > before && seen.idle,
    { timeout: 5_000, what: `a row for "${name}" and the form ready again` },
  );
}

async function row(page: Page, name: string): Promise<RowView | undefined> {
  return (await page.evaluate(readRows)).find((r) => r.name === name);
}

async function waitForRow(page: Page, name: string, accept: (r: RowView) => boolean, timeout: number, what: string) {
  const found = await waitForValue(
    () => row(page, name),
    (r) => r !== undefined && accept(r),
    { timeout, what },
  );
  return found!;
}

/** The progress bar a screen reader finds for this job (aria-valuenow from the accessibility tree). */
async function a11yValue(page: Page, name: string): Promise<number | null | undefined> {
  const bars = await chrome.progressBars(page);
  return bars.find((b) => b.name === EN('progressLabel', name))?.value;
}

/**
 * The row and what assistive technology reads for its bar, taken together: they are read one
 * after the other, so a poll landing in between is waited out (times out if they never agree).
 */
async function rowWithA11y(page: Page, name: string): Promise<{ row: RowView; a11y: number | null | undefined }> {
  return waitForValue(
    async () => {
      const row = (await page.evaluate(readRows)).find((r) => r.name === name);
      return { row: row!, a11y: await a11yValue(page, name) };
    },
    ({ row, a11y }) => row !== undefined && a11y === row.value,
    { timeout: 3_000, what: `the accessibility tree to show the same value as the bar of "${name}"` },
  );
}

/**
 * The secret parts of a monitor URL: the whole thing, its path, and every long path segment or
 * query value (the job key, the user folder, `tempauth`, the queue SAS in `c`). Short common
 * words ("personal", "v2.0") are left out so page text cannot match them by chance.
 */
function secretsOf(monitorUrl: string): string[] {
  const url = new URL(monitorUrl);
  const parts = url.pathname.split('/').filter((p) => p.length >= 12);
  for (const value of url.searchParams.values()) if (value.length >= 12) parts.push(value, encodeURIComponent(value));
  return [monitorUrl, url.pathname, url.search, ...parts];
}

/** Everything the page shows or carries: serialised DOM (attributes included), text, field values. */
async function everythingOnPage(page: Page): Promise<string> {
  const dom = await page.content();
  const extra = await page.evaluate(() => ({
    text: document.body.innerText,
    title: document.title,
    values: [...document.querySelectorAll('input')].map((i) => i.value),
  }));
  return [dom, extra.text, extra.title, ...extra.values].join('\n');
}

describe('Chromium, production build', () => {
  it('tracks a copy typed into the popup: name and host shown, never the URL; percentage rises; ends Completed at 100 %', async () => {
    const job = sim.createJob({ host: 'business', durationMs: 9_000 });
    const name = 'Quarterly reports';
    const page = await chrome.openPopup();
    try {
      await trackInPopup(page, job.monitorUrl, name);
      const first = await waitForRow(
        page,
        name,
        (r) => r.value !== null && r.value > 0 && r.value < 100,
        5_000,
        'a first percentage',
      );
      expect(first).toMatchObject({ host: 'contoso-my.sharepoint.com', status: EN('statusRunning') });
      expect(first.shortId).toMatch(/^ID [0-9a-z]{6}$/);
      expect(first.percentText).toBe(`${Math.floor(first.value!)}%`);
      const firstRead = await rowWithA11y(page, name);
      expect(firstRead.a11y).toBeGreaterThan(0);
      // The form was emptied and the URL is nowhere on the page (DOM, attributes, text, fields).
      expect(await page.getByLabel(EN('trackUrlLabel')).inputValue()).toBe('');
      const secrets = secretsOf(job.monitorUrl);
      expect(secrets).toContain(new URL(job.monitorUrl).searchParams.get('tempauth'));
      const shownWhileRunning = await everythingOnPage(page);
      for (const secret of secretsOf(job.monitorUrl)) expect(shownWhileRunning).not.toContain(secret);

      // A rise while the popup stays open, seen in the DOM and by assistive technology.
      const baseline = firstRead.row.value!;
      const later = await waitForRow(
        page,
        name,
        (r) => r.value !== null && r.value > baseline && r.value < 100,
        8_000,
        'a higher percentage',
      );
      expect(later.percentText).toBe(`${Math.floor(later.value!)}%`);
      const laterRead = await rowWithA11y(page, name);
      expect(laterRead.a11y).toBeGreaterThan(baseline);
      console.log(
        `[chromium] popup showed ${firstRead.row.percentText} then ${later.percentText} for "${name}" (aria-valuenow ${baseline} -> ${laterRead.a11y})`,
      );

      const done = await waitForRow(page, name, (r) => r.status === EN('statusCompleted'), 12_000, '"Completed"');
      expect(done).toMatchObject({
        percentText: '100%',
        value: 100,
        statusKind: 'completed',
        host: 'contoso-my.sharepoint.com',
      });
      expect(await a11yValue(page, name)).toBe(100);
      expect(await page.locator('#announcer').textContent()).toContain(EN('announceCompleted', name));
      const shownAtEnd = await everythingOnPage(page);
      for (const secret of secretsOf(job.monitorUrl)) expect(shownAtEnd).not.toContain(secret);
    } finally {
      await page.close();
    }
  });

  it('with the popup closed, notices a completion within seconds: notification, badge count goes to empty', async () => {
    const before = new Set(await chrome.notifications());
    const name = 'Closed-popup copy';
    // A 303 to the new item: the oldest completion shape, followed by the real fetch.
    const t = await trackQuietly({ host: 'personal', durationMs: 8_000, completion: 'redirect303' }, name);
    expect(chrome.context.pages().some((p) => p.url().includes('/popup.html'))).toBe(false);

    const active = await waitForValue(
      () => chrome.badge(),
      (b) => b.text === '1',
      { timeout: 5_000, what: 'badge "1"' },
    );
    expect(active.title).toBe(EN('badgeTooltipActive', '1'));

    const done = await waitForJob(t.id, (j) => j.phase === 'completed', 20_000, 'the job to complete');
    const simEndsAt = t.simCreatedAt + sim.timeline(t.sim.id).endsAtMs!;
    const delay = done.finishedAt! - simEndsAt;
    const polls = sim.requests.filter((r) => r.jobId === t.sim.id && r.kind === 'monitor').length;
    console.log(
      `[chromium] popup closed: completion noticed ${delay} ms after the simulator completed it (${polls} monitor polls for an 8 s copy)`,
    );
    expect(delay).toBeGreaterThanOrEqual(-50); // the two clocks are the same machine's
    expect(delay).toBeLessThan(10_000);
    expect(done.resourceUrl).toBe(`https://api.onedrive.com${t.sim.itemPath}`);

    const idle = await waitForValue(
      () => chrome.badge(),
      (b) => b.text === '',
      { timeout: 5_000, what: 'an empty badge' },
    );
    expect(idle.title).toBe(EN('badgeTooltipIdle'));

    const fresh = await waitForValue(
      async () => (await chrome.notifications()).filter((id) => !before.has(id)),
      (ids) => ids.length > 0,
      { timeout: 5_000, what: 'a new notification' },
    );
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatch(/^copy-progress-/);
    // The click record ties the notification to this job (a click opens the popup on it).
    expect((await chrome.storage())[`notification:${fresh[0]}`]).toMatchObject({ jobIds: [t.id] });
  });

  it('shows a failed copy (with its error code) and an expired status link; badge "!" with the attention tooltip until the popup is opened', async () => {
    const failing = await trackQuietly(
      {
        durationMs: 6_000,
        outcome: 'fail',
        failAtPercent: 50,
        errorCode: 'AccessDenied_Denied',
        statusDescription: 'Access denied to the destination folder.',
      },
      'Payroll archive',
    );
    const expiring = await trackQuietly(
      { host: 'graph', durationMs: 20_000, outcome: 'expire', expireAfterMs: 4_000 },
      'Design assets',
    );
    await waitForValue(
      () => chrome.badge(),
      (b) => b.text === '2',
      { timeout: 3_000, what: 'badge "2"' },
    );

    await waitForJob(failing.id, (j) => j.phase === 'failed', 15_000, 'the failure');
    await waitForJob(expiring.id, (j) => j.phase === 'expired', 15_000, 'the expiry');
    const marked = await waitForValue(
      () => chrome.badge(),
      (b) => b.text === '!',
      { timeout: 5_000, what: 'badge "!"' },
    );
    expect(marked.title).toBe(EN('badgeTooltipAttention'));
    expect(marked.color).toEqual(ATTENTION_RED);
    // Nothing else clears it while nobody looks.
    expect((await chrome.storage())[`job:${failing.id}`]).toMatchObject({ seen: false });

    const page = await chrome.openPopup();
    try {
      const failed = await waitForRow(
        page,
        'Payroll archive',
        (r) => r.statusKind === 'failed',
        5_000,
        'the failed row',
      );
      expect(failed.status).toBe(EN('statusFailed'));
      expect(failed.detail).toContain(EN('detailErrorCode', 'AccessDenied_Denied'));
      expect(failed.detail).toContain('Access denied to the destination folder.');
      expect(failed.percentText).toBe('50%');
      expect(failed.retryVisible).toBe(true);
      await expect.poll(() => page.getByText('Error code: AccessDenied_Denied').isVisible()).toBe(true);

      const expired = await waitForRow(
        page,
        'Design assets',
        (r) => r.statusKind === 'expired',
        5_000,
        'the expired row',
      );
      expect(expired.status).toBe(EN('statusExpired'));
      expect(expired.detail).toBe(EN('detailExpired'));
      expect(expired.retryVisible).toBe(true);

      // Opening the popup marks them seen: the mark goes.
      const cleared = await waitForValue(
        () => chrome.badge(),
        (b) => b.text === '',
        { timeout: 5_000, what: 'the "!" to go' },
      );
      expect(cleared.title).toBe(EN('badgeTooltipIdle'));
      const records = jobRecords(await chrome.storage());
      expect(records.map((j) => [j.name, j.phase, j.seen])).toEqual(
        expect.arrayContaining([
          ['Payroll archive', 'failed', true],
          ['Design assets', 'expired', true],
        ]),
      );
    } finally {
      await page.close();
    }
  });

  it('survives the service worker being killed mid-job: its alarm restarts it, same job, earlier progress kept, completes', async () => {
    const earlier = await trackQuietly({ durationMs: 1_000, host: 'personal' }, 'Already done');
    const doneBefore = await waitForJob(
      earlier.id,
      (j) => j.phase === 'completed',
      10_000,
      'the first job to complete',
    );
    const t = await trackQuietly({ durationMs: 10_000 }, 'Survives restart');
    const mid = await waitForJob(
      t.id,
      (j) => j.history.length >= 2 && (j.percent ?? 0) < 60,
      8_000,
      'two progress samples',
    );
    // The backstop alarm that restarts polling after a kill is armed while a job is active.
    const alarm = await chrome.inWorker(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.alarms.get('poll-backstop'),
    );
    expect(alarm).toMatchObject({ name: 'poll-backstop', periodInMinutes: 0.5 });

    // The one-shot alarm set for the next poll is what brings a stopped worker back on time.
    const wake = await chrome.inWorker(() => (globalThis as unknown as ExtensionGlobal).chrome.alarms.get('poll-next'));
    expect(wake).toMatchObject({ name: 'poll-next' });

    await chrome.stopWorker();
    const stoppedAt = Date.now();
    expect(await chrome.isWorkerRunning()).toBe(false);
    // Nothing wakes it by hand: the alarm must restart it and polling must go on by itself.
    const resumed = await waitForValue(
      () => Promise.resolve(sim.requests.filter((r) => r.jobId === t.sim.id && r.time > stoppedAt + 300)),
      (requests) => requests.length > 0,
      { timeout: 10_000, what: 'a poll after the kill, with no help from the test' },
    );
    expect(resumed.length).toBeGreaterThan(0);
    // The new worker goes on from the samples taken before the kill: none lost, more added.
    const after = await waitForJob(
      t.id,
      (j) => j.phase === 'running' && (j.lastCheckedAt ?? 0) > stoppedAt && j.history.length > mid.history.length,
      10_000,
      'a poll after the restart that recorded progress while still running',
    );
    expect(after.history.slice(0, mid.history.length)).toEqual(mid.history);
    const done = await waitForJob(
      t.id,
      (j) => j.phase === 'completed',
      15_000,
      'the job to complete after the restart',
    );
    expect(done).toMatchObject({
      id: t.id,
      name: 'Survives restart',
      createdAt: mid.createdAt,
      monitorUrl: mid.monitorUrl,
      percent: 100,
    });
    // Ended, it keeps no samples (they only feed a running job's estimate).
    expect(done.history).toEqual([]);
    const all = jobRecords(await chrome.storage());
    expect(all.map((j) => j.id).sort()).toEqual([earlier.id, t.id].sort());
    expect(all.find((j) => j.id === earlier.id)).toEqual(doneBefore);
    const simEndsAt = t.simCreatedAt + sim.timeline(t.sim.id).endsAtMs!;
    console.log(
      `[chromium] after a worker kill: completion noticed ${done.finishedAt! - simEndsAt} ms after the simulator completed it; history ${mid.history.length} -> ${after.history.length} samples before the end`,
    );

    const page = await chrome.openPopup();
    try {
      await waitForRow(
        page,
        'Survives restart',
        (r) => r.status === EN('statusCompleted') && r.percentText === '100%',
        5_000,
        'its row',
      );
      await waitForRow(page, 'Already done', (r) => r.status === EN('statusCompleted'), 5_000, 'the other row');
    } finally {
      await page.close();
    }
  });

  it('sets a damaged stored record aside, says so in the popup, and keeps the other jobs', async () => {
    const kept = await trackQuietly({ durationMs: 60_000 }, 'Kept safe');
    await waitForJob(kept.id, (j) => j.lastCheckedAt !== null, 5_000, 'a first poll');
    await chrome.inWorker(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({
        'job:damaged': 'not a job at all',
        'job:hostile': { v: 1, id: 'hostile', monitorUrl: 'https://evil.example/steal' },
      }),
    );
    // A fresh worker reads storage from scratch, as after a browser restart.
    await chrome.stopWorker();
    await chrome.wakeWorker();
    const stored = await waitForValue(
      () => chrome.storage(),
      (all) =>
        'quarantine:job:damaged' in all &&
        'quarantine:job:hostile' in all &&
        !('job:damaged' in all) &&
        !('job:hostile' in all),
      { timeout: 10_000, what: 'both records moved aside (copied, then removed)' },
    );
    expect(jobRecords(stored).map((j) => j.name)).toEqual(['Kept safe']);
    expect(sim.requests.some((r) => (r.host ?? '').includes('evil'))).toBe(false);
    const page = await chrome.openPopup();
    try {
      await waitForRow(page, 'Kept safe', (r) => r.status === EN('statusRunning'), 5_000, 'the kept row');
      await page.locator('#set-aside-notice').waitFor({ state: 'visible', timeout: 5_000 });
      expect(await page.locator('#set-aside-notice').textContent()).toBe(EN('setAsideNotice', '2'));
      // The worker reports what it set aside (no URL in it); that warning is expected here only.
      const expected = extensionComplaints.filter((c) =>
        c.endsWith('Copy Progress: set aside 2 unreadable job record(s)'),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.join(' ')).not.toContain('evil.example');
      extensionComplaints.splice(
        0,
        extensionComplaints.length,
        ...extensionComplaints.filter((c) => !expected.includes(c)),
      );
    } finally {
      await page.close();
      await chrome.inWorker(() =>
        (globalThis as unknown as ExtensionGlobal).chrome.storage.local.remove([
          'quarantine:job:damaged',
          'quarantine:job:hostile',
        ]),
      );
    }
  });

  it('works by keyboard alone: paste, name, Enter to track, Tab to the row, Enter to remove', async () => {
    const job = sim.createJob({ durationMs: 60_000 });
    const page = await chrome.openPopup();
    try {
      // The URL field has focus on open: paste, Tab to the name, type, Enter submits the form.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('monitor-url');
      await page.keyboard.insertText(job.monitorUrl);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Keyboard only');
      await page.keyboard.press('Enter');
      await waitForRow(page, 'Keyboard only', (r) => r.status !== null, 5_000, 'the tracked row');
      // Tab through the page until the row's Remove button has focus (visible focus ring).
      let focused = '';
      for (let i = 0; i < 15 && !focused.includes(EN('actionRemoveLabel', 'Keyboard only')); i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(
          () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '',
        );
      }
      expect(focused).toContain(EN('actionRemoveLabel', 'Keyboard only'));
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      await waitForValue(
        async () => (await page.evaluate(readRows)).map((r) => r.name),
        (names) => !names.includes('Keyboard only'),
        { timeout: 5_000, what: 'the row to go' },
      );
      // Focus lands somewhere sensible, not on the document body.
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('a long list: only rows near the view are drawn, yet scrolling, keyboard, ?job= and announcements reach every job', async () => {
    const COUNT = 300;
    const now = Date.now();
    const names = Array.from({ length: COUNT }, (_, i) => `Long list ${String(i).padStart(3, '0')}`);
    // Written straight to storage: the worker keeps the jobs it loaded, so it leaves these alone.
    const jobs = names.map((name, i) => ({
      ...newJobRecord(
        `long-${i}`,
        `https://contoso.sharepoint.com/_api/v2.0/monitor/${String(i).padStart(8, '0')}-0000-4000-a000-000000000000`,
        name,
        now - 60_000 - i * 1_000,
      ),
      phase: i === 250 ? ('running' as const) : ('completed' as const),
      rawStatus: i === 250 ? 'inProgress' : 'completed',
      percent: i === 250 ? 40 : 100,
      finishedAt: i === 250 ? null : now - 30_000,
      lastCheckedAt: now - 30_000,
    }));
    const keys = jobs.map((job) => `job:${job.id}`);
    const writer = await chrome.probe();
    await writer.evaluate(
      (items) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set(items),
      Object.fromEntries(jobs.map((job) => [`job:${job.id}`, job])),
    );
    const page = await chrome.openPopup();
    try {
      await waitForValue(
        () => page.evaluate(readRows),
        (rows) => rows.length > 0,
        { timeout: 5_000, what: 'rows' },
      );
      const first = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('#job-list > li.job')];
        return {
          count: rows.length,
          first: rows[0]?.querySelector('.job-name')?.textContent,
          place: rows.map((li) => `${li.getAttribute('aria-posinset')}/${li.getAttribute('aria-setsize')}`),
          height: document.getElementById('job-list')!.getBoundingClientRect().height,
        };
      });
      expect(first.first).toBe(names[0]);
      expect(first.count).toBeLessThan(20);
      expect(first.place[0]).toBe(`1/${COUNT}`);
      // Scrolling sees the whole list: the stand-ins are as tall as the rows they stand for.
      expect(first.height).toBeGreaterThan(COUNT * 80);
      // Assistive technology gets the drawn rows as list items (each "k of 300" by aria-setsize and
      // aria-posinset above), and no empty items for the stand-ins.
      const cdp = await chrome.context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      await cdp.detach();
      expect(nodes.filter((n) => n.role?.value === 'listitem' && !n.ignored).length).toBe(first.count);

      // Scrolling to the end reaches the last job, drawn where a person looks.
      const lastVisible = async (): Promise<boolean> =>
        page.evaluate(
          (lastName) => {
            scrollTo(0, document.documentElement.scrollHeight);
            const last = [...document.querySelectorAll('#job-list > li.job')].find(
              (li) => li.querySelector('.job-name')?.textContent === lastName,
            );
            const box = last?.getBoundingClientRect();
            return box !== undefined && box.top >= 0 && box.bottom <= innerHeight + 1;
          },
          names[COUNT - 1]!,
        );
      await waitForValue(lastVisible, (ok) => ok, {
        timeout: 5_000,
        what: 'the last job in view after scrolling down',
      });
      await chrome.screenshot(page, 'chromium/long-list-end');

      // Keyboard: Home and End go to the first and last job, Down to the next; Tab goes on past
      // the last row drawn.
      const focused = (): Promise<string> =>
        page.evaluate(() => {
          const li = document.activeElement?.closest('li.job');
          return `${li?.querySelector('.job-name')?.textContent} ${li?.getAttribute('aria-posinset')}`;
        });
      await page.evaluate(() =>
        (document.querySelector('#job-list > li.job button[data-action="remove"]') as HTMLElement).focus(),
      );
      await page.keyboard.press('Home');
      expect(await focused()).toBe(`${names[0]} 1`);
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(`${names[1]} 2`);
      await page.keyboard.press('End');
      expect(await focused()).toBe(`${names[COUNT - 1]} ${COUNT}`);
      await page.keyboard.press('Home');
      const lastDrawn = await page.evaluate(() => {
        const rows = [...document.querySelectorAll<HTMLElement>('#job-list > li.job')];
        const last = rows.at(-1)!;
        last.querySelector<HTMLElement>('button[data-action="remove"]')!.focus();
        return Number(last.getAttribute('aria-posinset'));
      });
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
        EN('actionRemoveLabel', names[lastDrawn]!),
      );

      // A job out of view that ends is announced.
      expect((await page.evaluate(readRows)).some((r) => r.name === names[250])).toBe(false);
      await writer.evaluate((item) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set(item), {
        [keys[250]!]: {
          ...jobs[250],
          phase: 'completed',
          rawStatus: 'completed',
          percent: 100,
          finishedAt: Date.now(),
        },
      });
      await waitForValue(
        () => page.evaluate(() => document.getElementById('announcer')?.textContent ?? ''),
        (text) => text.includes(EN('announceCompleted', names[250]!)),
        { timeout: 5_000, what: 'the announcement of a job out of view' },
      );
    } finally {
      await page.close();
    }

    // A notification's ?job= link opens on a job far down the list: drawn, in view, focused.
    const linked = await chrome.openPopup(`job=${jobs[200]!.id}`);
    try {
      const target = await waitForValue(
        () =>
          linked.evaluate(() => {
            const el = document.activeElement;
            const box = el?.getBoundingClientRect();
            return {
              name: el?.querySelector('.job-name')?.textContent ?? null,
              isTarget: el?.classList.contains('is-target') ?? false,
              inView: box !== undefined && box.top >= 0 && box.bottom <= innerHeight,
            };
          }),
        (seen) => seen.name !== null,
        { timeout: 5_000, what: 'the linked job focused' },
      );
      expect(target).toEqual({ name: names[200], isTarget: true, inView: true });
      await chrome.screenshot(linked, 'chromium/long-list-linked');
    } finally {
      await linked.close();
    }

    // A notification opens the popup in a tab, where the page is wider than the popup: the wheel
    // scrolls it, and the rows that come into view are drawn.
    const tab = await chrome.openPopup(undefined, { width: 1000, height: 600 });
    try {
      await waitForValue(
        () => tab.evaluate(readRows),
        (rows) => rows.length > 0,
        { timeout: 5_000, what: 'rows' },
      );
      await tab.mouse.move(500, 300);
      await tab.mouse.wheel(0, 5_000);
      const seen = await waitForValue(
        () =>
          tab.evaluate(() => {
            const list = document.getElementById('job-list')!;
            const standIns = [...list.children].filter((el) => {
              const box = el.getBoundingClientRect();
              return !el.matches('li.job') && box.bottom > 0 && box.top < innerHeight;
            });
            const rows = [...list.querySelectorAll('li.job')].filter((li) => {
              const box = li.getBoundingClientRect();
              return box.bottom > 0 && box.top < innerHeight;
            });
            return { scrollY, standInsInView: standIns.length, rowsInView: rows.length };
          }),
        (state) => state.scrollY > 3_000 && state.standInsInView === 0 && state.rowsInView > 0,
        { timeout: 5_000, what: 'the tab scrolled down with rows drawn in view' },
      );
      expect(seen.scrollY).toBeGreaterThan(3_000);
      await chrome.screenshot(tab, 'chromium/long-list-tab-scrolled');
    } finally {
      await tab.close();
      await writer.evaluate((all) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.remove(all), keys);
    }
  });

  it('shows a job named like HTML as literal text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const job = sim.createJob({ durationMs: 60_000 });
    const page = await chrome.openPopup();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    try {
      await trackInPopup(page, job.monitorUrl, evil);
      // Wait for a poll's update to be drawn too, not just the first render.
      const shown = await waitForRow(page, evil, (r) => r.percentText !== '', 5_000, 'a drawn update');
      expect(shown.name).toBe(evil);
      expect(shown.progressLabel).toBe(EN('progressLabel', evil));
      expect(await page.locator('#job-list img').count()).toBe(0);
      expect(await page.locator('img').count()).toBe(1); // the header logo
      expect(
        await page
          .locator('#job-list .job-name')
          .first()
          .evaluate((el) => el.childElementCount),
      ).toBe(0);
      // The live region names the job literally (tracking, or its first status when that came first).
      expect(await page.locator('#announcer').textContent()).toContain(evil);
      expect(requested.filter((u) => /\/x$/.test(u))).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('honours Retry-After: no request inside the throttle window, "Throttled by the service" shown, polling resumes when it ends', async () => {
    const page = await chrome.openPopup();
    try {
      const name = 'Throttled copy';
      // Its own tenant, so the host gate it earns holds back no other test's jobs.
      const t = await trackQuietly(
        { tenant: 'fabrikam', durationMs: 9_000, throttle: [{ fromMs: 1_500, toMs: 4_500 }] },
        name,
      );
      const throttled = await waitForRow(
        page,
        name,
        (r) => r.statusKind === 'throttled',
        8_000,
        '"Throttled by the service"',
      );
      expect(throttled.status).toBe(EN('statusThrottled'));
      expect(throttled.detail).toBe(EN('problemThrottled'));

      const mine = () => sim.requests.filter((r) => r.jobId === t.sim.id && r.kind === 'monitor');
      const first429 = mine().find((r) => r.status === 429)!;
      const retryAfterS = Number(/retry-after (\S+)/.exec(first429.summary)?.[1]);
      expect(retryAfterS).toBeGreaterThan(0);
      const retryAt = first429.time + retryAfterS * 1000;
      // The service said when to come back: the next poll should follow soon after that, not
      // a fixed 30 s later (the job ends at 9 s and the popup is open).
      const resumed = await waitForValue(
        async () => mine().find((r) => r.seq > first429.seq),
        (r) => r !== undefined,
        {
          timeout: Math.max(0, retryAt - Date.now()) + 6_000,
          what: `a poll within 6 s after Retry-After (${retryAfterS} s) passed`,
        },
      );
      console.log(
        `[chromium] throttled: Retry-After ${retryAfterS} s; next poll ${resumed!.time - retryAt} ms after it passed`,
      );
      expect(resumed!.time).toBeGreaterThanOrEqual(retryAt);

      const done = await waitForRow(page, name, (r) => r.status === EN('statusCompleted'), 15_000, '"Completed"');
      expect(done.percentText).toBe('100%');
      const requests = mine();
      expect(requests.filter((r) => r.tooEarly)).toEqual([]);
      expect(requests.filter((r) => r.status === 429)).toHaveLength(1);
      expect(requests.filter((r) => r.time > first429.time && r.time < retryAt)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('refuses an address that is not a monitor URL, with the reason next to the field, and adds nothing', async () => {
    const page = await chrome.openPopup();
    try {
      const urlField = page.getByLabel(EN('trackUrlLabel'), { exact: true });
      const error = page.locator('#monitor-url-error');
      const cases: [string, MessageKey][] = [
        ['http://evil.example/x', 'error_urlNotHttps'],
        ['https://evil.example/x', 'error_urlHostNotAllowed'],
        ['https://contoso.sharepoint.com.evil.example/_api/v2.0/monitor/abc', 'error_urlHostNotAllowed'],
      ];
      for (const [input, key] of cases) {
        await urlField.fill(input);
        await page.getByRole('button', { name: EN('trackSubmit'), exact: true }).click();
        await expect.poll(() => error.isVisible()).toBe(true);
        expect(await error.textContent()).toBe(EN(key));
        expect(await urlField.getAttribute('aria-invalid')).toBe('true');
        expect(await urlField.getAttribute('aria-describedby')).toBe('monitor-url-error');
        // Right under the field, not somewhere else on the page.
        const [fieldBox, errorBox] = [await urlField.boundingBox(), await error.boundingBox()];
        expect(errorBox!.y).toBeGreaterThanOrEqual(fieldBox!.y + fieldBox!.height - 1);
        expect(errorBox!.y - (fieldBox!.y + fieldBox!.height)).toBeLessThan(40);
        await chrome.screenshot(page, `e2e/chromium-invalid-${key}`);
      }
      expect(await page.evaluate(readRows)).toEqual([]);
      // Editing withdraws the complaint.
      await urlField.fill('https://');
      await expect.poll(() => error.isVisible()).toBe(false);

      // An ordering barrier instead of a sleep: a valid job after the refused ones; had any of
      // them been sent, it would be stored before this one.
      const good = sim.createJob({ durationMs: 30_000 });
      await trackInPopup(page, good.monitorUrl, 'The valid one');
      const stored = jobRecords(await chrome.storage());
      expect(stored.map((j) => j.name)).toEqual(['The valid one']);
      expect(sim.requests.filter((r) => (r.host ?? '').includes('evil'))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps a second copy typed while the first Track is still being answered (slow monitor host)', async () => {
    // Real monitors take a while to answer; the background answers Track only after its first poll.
    const slow = sim.createJob({ durationMs: 60_000, latencyMs: 2_500 });
    const next = sim.createJob({ durationMs: 60_000 });
    const page = await chrome.openPopup();
    try {
      const urlField = page.getByLabel(EN('trackUrlLabel'), { exact: true });
      const nameField = page.getByLabel(EN('trackNameLabel'), { exact: true });
      const track = page.getByRole('button', { name: EN('trackSubmit'), exact: true });
      await urlField.fill(slow.monitorUrl);
      await nameField.fill('Slow host');
      await track.click();
      // Its row shows at once (stored before the first poll): to a person, that one is done.
      await waitForRow(page, 'Slow host', () => true, 2_000, 'the first row, before the slow answer');
      await urlField.fill(next.monitorUrl);
      await nameField.fill('Typed meanwhile');
      await track.click();
      // The second one must be tracked too, not dropped silently and its fields wiped.
      await waitForRow(page, 'Typed meanwhile', () => true, 8_000, 'the second row');
      expect(jobRecords(await chrome.storage()).map((j) => j.name)).toEqual(['Typed meanwhile', 'Slow host']);
    } finally {
      await page.close();
    }
  });

  it('screenshots: several states, light and dark (English)', async () => {
    const page = await chrome.openPopup();
    try {
      await seedScreenshotJobs(page, {
        url: EN('trackUrlLabel'),
        name: EN('trackNameLabel'),
        submit: EN('trackSubmit'),
      });
      await waitForStates(page, [
        EN('statusRunning'),
        EN('statusCompleted'),
        EN('statusFailed'),
        EN('statusExpired'),
        EN('statusThrottled'),
        EN('statusPending'),
        EN('statusUnknown', 'reticulating'),
      ]);
      const shots = [
        await chrome.screenshot(page, 'e2e/chromium-en-light'),
        await chrome.screenshot(page, 'e2e/chromium-en-light-full', { fullPage: true }),
      ];
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      shots.push(await chrome.screenshot(page, 'e2e/chromium-en-dark-full', { fullPage: true }));
      console.log(`[chromium] screenshots: ${shots.join(', ')}`);
    } finally {
      await page.close();
    }
  });
});

/** Seven jobs that settle in seven different states within a few seconds, typed into the form. */
const SCREENSHOT_JOBS: [string, Scenario][] = [
  ['Marketing assets', { durationMs: 60_000 }],
  ['Board minutes', { host: 'personal', durationMs: 1_500 }],
  [
    'Payroll archive',
    {
      durationMs: 3_000,
      outcome: 'fail',
      errorCode: 'AccessDenied_Denied',
      statusDescription: 'Access denied to the destination folder.',
    },
  ],
  ['Old exports', { host: 'graph', outcome: 'expire', durationMs: 60_000, expireAfterMs: 1_500 }],
  ['Team site backup', { tenant: 'northwind', durationMs: 60_000, throttle: [{ fromMs: 0 }] }],
  ['Scheduled copy', { host: 'business', startDelayMs: 240_000 }],
  [
    '',
    { host: 'personal', durationMs: 240_000, glitches: [{ fromMs: 0, kind: 'unknownStatus', value: 'reticulating' }] },
  ],
];

async function seedScreenshotJobs(page: Page, labels: { url: string; name: string; submit: string }): Promise<void> {
  for (const [name, scenario] of SCREENSHOT_JOBS)
    await trackInPopup(page, sim.createJob(scenario).monitorUrl, name, labels);
}

async function waitForStates(page: Page, statuses: string[]): Promise<RowView[]> {
  return waitForValue(
    () => page.evaluate(readRows),
    (rows) =>
      statuses.every((s) => rows.some((r) => r.status === s)) &&
      rows.some((r) => r.statusKind === 'running' && r.value !== null && r.value > 0),
    { timeout: 15_000, what: `rows in the states ${statuses.join(', ')}` },
  );
}

describe('Chromium in Portuguese', () => {
  it('screenshots: several states, light and dark, with the Portuguese strings', async () => {
    const ptChrome = await launchChromium({ sim, locale: 'pt-BR', colorScheme: 'light' });
    try {
      const page = await ptChrome.openPopup();
      expect(await page.getByRole('button', { name: PT('trackSubmit'), exact: true }).isVisible()).toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
      const labels = { url: PT('trackUrlLabel'), name: PT('trackNameLabel'), submit: PT('trackSubmit') };

      // The refusal is localised too.
      await page.getByLabel(labels.url, { exact: true }).fill('http://evil.example/x');
      await page.getByRole('button', { name: labels.submit, exact: true }).click();
      await expect.poll(() => page.locator('#monitor-url-error').textContent()).toBe(PT('error_urlNotHttps'));

      await seedScreenshotJobs(page, labels);
      const rows = await waitForStates(page, [
        PT('statusRunning'),
        PT('statusCompleted'),
        PT('statusFailed'),
        PT('statusExpired'),
        PT('statusThrottled'),
        PT('statusPending'),
        PT('statusUnknown', 'reticulating'),
      ]);
      expect(rows.find((r) => r.name === 'Payroll archive')?.detail).toContain(
        PT('detailErrorCode', 'AccessDenied_Denied'),
      );
      expect(rows.some((r) => /^Cópia [0-9a-z]{6}$/.test(r.name))).toBe(true);
      expect(await page.getByRole('button', { name: PT('clearFinished') }).isEnabled()).toBe(true);
      const shots = [await ptChrome.screenshot(page, 'e2e/chromium-pt-light-full', { fullPage: true })];
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      shots.push(await ptChrome.screenshot(page, 'e2e/chromium-pt-dark-full', { fullPage: true }));
      console.log(`[chromium pt-BR] screenshots: ${shots.join(', ')}`);
    } finally {
      await ptChrome.close();
    }
  });
});

describe('Chromium, at the end of the file', () => {
  it('no request to a monitor or item ever carried an Authorization header or a cookie; nothing logged an error', async () => {
    const page = await chrome.openPopup();
    try {
      // Its own job, so this holds even when run alone; the whole file's log is checked.
      const job = sim.createJob({ host: 'business', durationMs: 2_000 });
      await trackInPopup(page, job.monitorUrl, 'Last one');
      await waitForRow(page, 'Last one', (r) => r.status === EN('statusCompleted'), 10_000, '"Completed"');
    } finally {
      await page.close();
    }
    const log = sim.requests.filter((r) => r.time >= fileStarted);
    const toJobs = log.filter((r) => r.kind === 'monitor' || r.kind === 'item');
    expect(toJobs.length).toBeGreaterThan(0);
    expect(log.filter((r) => r.hasAuthorization || r.hasCookie)).toEqual([]);
    expect(log.every((r) => !r.viaProxy)).toBe(true);
    const perJob = new Map<string, number>();
    for (const r of toJobs) perJob.set(r.jobId ?? '-', (perJob.get(r.jobId ?? '-') ?? 0) + 1);
    // Popup pages and the worker, over the whole file: no console error or warning, nothing thrown.
    expect(extensionComplaints).toEqual([]);
    console.log(
      `[chromium] ${log.length} requests reached the simulator (${toJobs.length} to monitors/items), none with Authorization or Cookie; per job: ${[...perJob].map(([id, n]) => `${id}=${n}`).join(' ')}`,
    );
  });
});
