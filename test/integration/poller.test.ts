import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it } from 'vitest';
import { jobKey } from '../../src/core/job';
import { HOST_GATES_KEY } from '../../src/core/stored-jobs';
import { defaultSettings } from '../../src/core/settings';
import { createBackground, status } from './harness';

const ONEDRIVE = 'https://api.onedrive.com/v1.0/monitor/AAA';
const SHAREPOINT = 'https://contoso.sharepoint.com/_api/v2.0/monitor/BBB';

describe('tracking a job end to end in the background', () => {
  it('polls, records progress, completes, notifies once and updates the badge', async () => {
    const percents = [0, 20, 45, 80];
    const bg = createBackground((_url, call) =>
      call <= percents.length
        ? status({ status: 'inProgress', percentageComplete: percents[call - 1] })
        : status({ status: 'completed', resourceId: 'NEW' }, 200),
    );
    const tracked = await bg.bg.run({ type: 'trackJob', url: ONEDRIVE, name: 'Photos 2026' });
    expect(tracked).toEqual({ ok: true, data: { id: 'job-1' } });
    expect(bg.calls).toHaveLength(1); // tracking polls at once
    expect(bg.bg.badgeState).toMatchObject({ text: '1', title: 'badgeTooltipActive(1)' });

    for (let i = 0; i < 3; i++) await bg.tick();
    const [running] = await bg.jobs();
    // Every change of percentage up to the last poll before the end, none lost.
    expect(running?.history.map(([, p]) => p)).toEqual([0, 20, 45, 80]);
    await bg.tick();
    const [job] = await bg.jobs();
    expect(job).toMatchObject({ phase: 'completed', percent: 100, resourceId: 'NEW', nextPollAt: null });
    // The samples only served the estimate while it ran.
    expect(job?.history).toEqual([]);
    expect(bg.notifications).toEqual([
      { id: 'copy-progress-n2', title: 'notifyCompletedTitle', message: 'notifyCompletedMessage(Photos 2026)' },
    ]);
    expect(bg.bg.badgeState.text).toBe('');

    // Finished jobs are not polled again.
    const before = bg.calls.length;
    await bg.tick();
    await bg.tick();
    expect(bg.calls).toHaveLength(before);
  });

  it('never sends a request to a host inside its Retry-After window, even after a restart', async () => {
    let throttled = true;
    const bg = createBackground((url) => {
      if (url === SHAREPOINT && throttled)
        return { kind: 'http', status: 429, redirected: false, url, retryAfter: '315', body: '' };
      return status({ status: 'inProgress', percentageComplete: 10 });
    });
    await bg.bg.run({ type: 'trackJob', url: SHAREPOINT });
    const throttledAt = bg.clock.now;
    throttled = false;
    // A job on the same host tracked inside the window must wait for it too.
    await bg.bg.run({ type: 'trackJob', url: `${SHAREPOINT}-2` });
    await bg.bg.run({ type: 'trackJob', url: ONEDRIVE });
    expect(await fakeBrowser.storage.local.get(HOST_GATES_KEY)).toEqual({
      [HOST_GATES_KEY]: { 'contoso.sharepoint.com': throttledAt + 315_000 },
    });

    bg.restart();
    bg.setPopupOpen(true);
    for (let i = 0; i < 200 && bg.clock.now < throttledAt + 320_000; i++) await bg.tick();
    const sharepointCalls = bg.calls.filter((c) => c.url.startsWith(SHAREPOINT));
    expect(sharepointCalls[0]).toEqual({ url: SHAREPOINT, at: throttledAt });
    expect(sharepointCalls.slice(1).filter((c) => c.at < throttledAt + 315_000)).toEqual([]);
    expect(sharepointCalls.some((c) => c.at >= throttledAt + 315_000)).toBe(true);
    // The other host was not held up meanwhile.
    expect(bg.calls.filter((c) => c.url === ONEDRIVE && c.at < throttledAt + 315_000).length).toBeGreaterThan(50);
  });

  it('resumes after the worker is killed with nothing lost', async () => {
    const bg = createBackground((_url, call) => status({ status: 'inProgress', percentageComplete: call * 10 }));
    await bg.bg.run({ type: 'trackJob', url: ONEDRIVE, name: 'A' });
    await bg.bg.run({ type: 'trackJob', url: SHAREPOINT, name: 'B' });
    await bg.tick();
    const before = await bg.jobs();
    bg.restart();
    expect(await bg.jobs()).toEqual(before);
    await bg.tick();
    await bg.tick();
    const after = await bg.jobs();
    expect(after.map((j) => j.name).sort()).toEqual(['A', 'B']);
    expect(Math.max(...after.map((j) => j.percent ?? 0))).toBeGreaterThan(
      Math.max(...before.map((j) => j.percent ?? 0)),
    );
  });

  it('writes one batch per round with only the jobs that changed, with at most 4 requests per host in flight', async () => {
    const bg = createBackground(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return status({ status: 'inProgress', percentageComplete: 5 });
    });
    const urls = Array.from({ length: 40 }, (_, i) => `https://contoso.sharepoint.com/_api/v2.0/monitor/J${i}`);
    await fakeBrowser.storage.local.set(
      Object.fromEntries(
        urls.map((url, i) => {
          const id = `seed-${i}`;
          // Half are due now; the others not for a minute and must not be rewritten.
          return [jobKey(id), { ...seedJob(id, url), nextPollAt: bg.clock.now + (i % 2 === 0 ? 0 : 60_000) }];
        }),
      ),
    );
    bg.restart();
    const writesBefore = bg.setCalls.length;
    await bg.bg.poller.wake();
    const roundWrites = bg.setCalls
      .slice(writesBefore)
      .filter((items) => Object.keys(items).some((k) => k.startsWith('job:')));
    expect(roundWrites).toHaveLength(1);
    expect(Object.keys(roundWrites[0] ?? {})).toHaveLength(20);
    expect(bg.calls).toHaveLength(20);
    expect(bg.peakPerHost).toBe(4);
  });

  it('a transient failure shows as a problem, not as a failed copy, and clears on the next answer', async () => {
    const bg = createBackground((_url, call) =>
      call === 2 ? { kind: 'network' } : status({ status: 'inProgress', percentageComplete: call }),
    );
    await bg.bg.run({ type: 'trackJob', url: ONEDRIVE });
    await bg.tick();
    expect((await bg.jobs())[0]).toMatchObject({ phase: 'running', problem: { kind: 'network', attempts: 1 } });
    await bg.tick();
    expect((await bg.jobs())[0]).toMatchObject({ phase: 'running', problem: null, percent: 3 });
  });

  it('combines several endings in one round into one notification and marks unseen failures on the badge', async () => {
    const bg = createBackground((url) =>
      url.endsWith('1')
        ? status({ status: 'failed', errorCode: 'AccessDenied_X' }, 200)
        : url.endsWith('2')
          ? { kind: 'http', status: 404, redirected: false, url, retryAfter: null, body: '' }
          : status({ status: 'completed' }, 200),
    );
    const base = 'https://api.onedrive.com/v1.0/monitor/N';
    await fakeBrowser.storage.local.set({
      [jobKey('a')]: seedJob('a', `${base}1`),
      [jobKey('b')]: seedJob('b', `${base}2`),
      [jobKey('c')]: seedJob('c', `${base}3`),
    });
    bg.restart();
    await bg.bg.poller.wake();
    expect(bg.notifications).toEqual([
      { id: 'copy-progress-n1', title: 'notifyManyTitle(3)', message: 'notifyManyMessage(1|1|1)' },
    ]);
    expect(bg.bg.badgeState).toMatchObject({ text: '!', title: 'badgeTooltipAttention' });
    expect(await fakeBrowser.storage.local.get('notification:copy-progress-n1')).toEqual({
      'notification:copy-progress-n1': { jobIds: ['a', 'b', 'c'], createdAt: bg.clock.now },
    });
    await bg.bg.run({ type: 'markSeen' });
    expect(bg.bg.badgeState.text).toBe('');
    expect(await bg.bg.notifier.takeClicked('copy-progress-n1')).toEqual(['a', 'b', 'c']);
  });

  it('stamps each answer with its own arrival time, not the time the slowest host let the round write', async () => {
    const FAST = 'https://api.onedrive.com/v1.0/monitor/FAST';
    const SLOW = 'https://contoso.sharepoint.com/_api/v2.0/monitor/SLOW';
    const arrivedAt: Record<string, number> = {};
    const bg: ReturnType<typeof createBackground> = createBackground(async (url) => {
      // The slow host answers 6 s later; the fast one at once.
      if (url === SLOW) await new Promise((resolve) => setTimeout(resolve, 5));
      if (url === SLOW) bg.clock.now += 6_000;
      arrivedAt[url] = bg.clock.now;
      return status({ status: 'inProgress', percentageComplete: 10 });
    });
    await fakeBrowser.storage.local.set({
      [jobKey('fast')]: seedJob('fast', FAST),
      [jobKey('slow')]: seedJob('slow', SLOW),
    });
    bg.restart();
    const start = bg.clock.now;
    await bg.bg.poller.wake();
    const jobs = new Map((await bg.jobs()).map((job) => [job.id, job]));
    expect(jobs.get('fast')).toMatchObject({ lastCheckedAt: start, history: [[start, 10]] });
    expect(jobs.get('slow')).toMatchObject({ lastCheckedAt: start + 6_000 });
    expect(arrivedAt[FAST]).toBe(start);
  });

  it('tells only about the endings the user asked for (options page)', async () => {
    const bg = createBackground((url) =>
      url.endsWith('1')
        ? status({ status: 'failed', errorCode: 'AccessDenied_X' }, 200)
        : status({ status: 'completed' }, 200),
    );
    const base = 'https://api.onedrive.com/v1.0/monitor/P';
    await fakeBrowser.storage.local.set({
      settings: { ...defaultSettings(), notifyOn: { completed: false, failed: true, expired: true } },
      [jobKey('a')]: seedJob('a', `${base}1`),
      [jobKey('b')]: seedJob('b', `${base}2`),
    });
    bg.restart();
    await bg.bg.poller.wake();
    expect(bg.notifications).toEqual([
      {
        id: 'copy-progress-n1',
        title: 'notifyFailedTitle',
        message: 'notifyFailedMessage(jobUnnamed(a)|AccessDenied_X)',
      },
    ]);
    // The popup and badge still show both.
    expect((await bg.jobs()).map((j) => j.phase).sort()).toEqual(['completed', 'failed']);
  });

  it('drops the answer for a job removed while its request was out', async () => {
    let release: () => void = () => undefined;
    const bg = createBackground(
      () =>
        new Promise((resolve) => {
          release = () => resolve(status({ status: 'completed' }, 200));
        }),
    );
    await fakeBrowser.storage.local.set({ [jobKey('a')]: seedJob('a', ONEDRIVE) });
    bg.restart();
    const round = bg.bg.poller.wake();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await bg.bg.run({ type: 'removeJob', id: 'a' })).toEqual({ ok: true, data: null });
    release();
    await round;
    expect(await bg.jobs()).toEqual([]);
    expect(bg.notifications).toEqual([]);
  });
});

function seedJob(id: string, url: string) {
  const host = new URL(url).host;
  return {
    v: 1,
    id,
    monitorUrl: url,
    name: null,
    host,
    shortId: id.slice(0, 6),
    createdAt: Date.parse('2026-11-28T11:00:00Z'),
    phase: 'running',
    rawStatus: 'inProgress',
    percent: 1,
    statusDescription: null,
    errorCode: null,
    resourceId: null,
    resourceUrl: null,
    lastCheckedAt: null,
    lastChangedAt: null,
    finishedAt: null,
    history: [],
    nextPollAt: Date.parse('2026-11-28T11:00:00Z'),
    problem: null,
    seen: true,
  };
}

describe('the polling preference', () => {
  it('with "keep checking while the popup is closed" off, sends nothing and sets no alarm until the popup opens', async () => {
    let inBackground = false;
    const bg = createBackground(() => status({ status: 'inProgress', percentageComplete: 10 }), {
      pollWhilePopupClosed: () => inBackground,
    });
    await bg.bg.run({ type: 'trackJob', url: ONEDRIVE });
    for (let i = 0; i < 5; i++) await bg.tick();
    expect(bg.calls).toHaveLength(0);
    expect(bg.activity.at(-1)).toEqual({ active: false, nextDueAt: null });
    expect(await bg.jobs()).toHaveLength(1); // the job is kept, just not polled

    bg.setPopupOpen(true);
    await bg.bg.poller.pollAllSoon();
    expect(bg.calls).toHaveLength(1);
    expect(bg.activity.at(-1)?.active).toBe(true);

    bg.setPopupOpen(false);
    inBackground = true;
    await bg.tick();
    expect(bg.calls).toHaveLength(2);
  });
});
