import type { Page } from 'playwright-core';
import { MAX_HISTORY, type Job } from '../../src/core/job';
import { launchChromium, type ChromiumExtension } from '../e2e/harness/chromium';
import type { ExtensionGlobal } from '../e2e/harness/extension-global';
import { POPUP_PATH } from '../e2e/harness/paths';
import { POPUP_VIEWPORT } from '../e2e/harness/popup-size';
import { startSimulator } from '../simulator/server';
import { quantile } from './polling-economy';
import { measurePageFloor, type PageFloor } from './popup-floor';
import { instrumentPopup, NAME_SHIM, type BenchWindow, type DrawTiming, type UpdateTiming } from './popup-probe';
import { asStorageItems, makeJobs, replaceStorage } from './seed-jobs';

/**
 * Part 2: popup speed in real headless Chromium, the production build, with 10, 200 and 1000
 * stored jobs (seed-jobs.ts: valid records, realistic mix of phases), written to storage.local
 * from another extension page before the popup opens.
 *
 * (a) drawn: popup-probe.ts's `drawnMs`, ms from navigation start to the end of the first frame
 *     that shows the whole list as a person meets it: a visible list that holds all N jobs (N rows,
 *     or, in a long list that draws only the rows near the view, rows saying "k of N" with stand-ins
 *     as tall as the rest, so scrolling and assistive technology see N), and rows, not stand-ins,
 *     wherever the list is in view (mutation observer -> requestAnimationFrame -> a task posted from
 *     it runs once style, layout and paint of that frame are done; the view is checked then).
 *     Median over OPENS opens after one warm-up open (each open is a new tab, closed after).
 * (b) one-job update: another extension page writes one running job with percent + 1 (as a poll
 *     would); inside the popup, from our storage.onChanged listener (registered before the popup's,
 *     listeners run in order) to the first mutation observer callback on that job's row.
 *     Median over UPDATES updates after two warm-ups, in a popup showing all N jobs.
 * (c) rows replaced: <li> children (rows or stand-ins) added to or removed from #job-list by those
 *     updates (must be 0).
 *
 * The worker's store keeps the (empty) list it loaded at start, so it neither polls nor rewrites
 * the seeded jobs while we measure; `foreignStorageEvents` checks that nothing else wrote.
 */
export interface PopupRun {
  jobs: number;
  /** Median over `samples` opens: navigation start -> list drawn (see above). */
  drawnMs: number;
  samples: number;
  /** Median over `updateSamples` updates: onChanged dispatch -> row DOM updated. */
  updateMs: number;
  /** Highest count over all updates of <li> rows added + removed by one update. */
  rowsReplacedOnUpdate: number;
  /**
   * Median over the same opens: popup.js asks storage for the jobs -> drawn. The part of drawnMs
   * that depends on the list (the rest is loading the page, the same for any number of jobs).
   */
  listMs: number | null;
  /** Rows in the DOM when drawn (median), and the list's height then (px, median). */
  rowsDrawn: number;
  listHeightPx: number;
  /** The first, cold open (not in the median). */
  coldDrawnMs: number;
  drawnP90Ms: number;
  /**
   * Where the time goes, medians over the same opens: the popup page loaded and popup.js asked
   * for the jobs (ms since navigation start); then the storage read, parsing the records and
   * building and inserting the rows, and rendering the frame that shows them (ms each).
   */
  breakdown: {
    domContentLoadedMs: number;
    storageGetCalledMs: number | null;
    storageReadMs: number | null;
    buildRowsMs: number | null;
    renderMs: number;
  };
  updateSamples: number;
  updateP90Ms: number;
  updateMaxMs: number;
  /** Median: onChanged dispatch -> the popup's listener returned (our listener after it ran). */
  updateHandlerMs: number | null;
  /** Median mutation records one update makes on its row. */
  rowMutationRecords: number;
  foreignStorageEvents: number;
}

export interface PopupSpeed {
  browser: string;
  runs: PopupRun[];
  /** What pages that do less than the popup cost in the same harness (popup-floor.ts). */
  floor: PageFloor[];
}

const SIZES = [10, 200, 1000] as const;
const OPENS = 7;
const UPDATES = 20;
const WARMUP_UPDATES = 2;

const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const median = (values: readonly number[]): number => quantile(ascending(values), 0.5);
const p90 = (values: readonly number[]): number => quantile(ascending(values), 0.9);
const optionalMedian = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
};
const difference = (later: number | null, earlier: number | null): number | null =>
  later === null || earlier === null ? null : later - earlier;

export async function measurePopupSpeed(_root: string): Promise<PopupSpeed> {
  const sim = await startSimulator();
  try {
    const chrome = await launchChromium({ sim });
    const runs: PopupRun[] = [];
    let version: string;
    try {
      version = chrome.context.browser()?.version() ?? 'chromium';
      for (const size of SIZES) runs.push(await measureSize(chrome, size));
    } finally {
      await chrome.close();
    }
    const floor = await measurePageFloor(sim);
    return { browser: `Chromium ${version} (headless)`, runs, floor };
  } finally {
    await sim.close();
  }
}

async function openInstrumented(chrome: ChromiumExtension, rows: number): Promise<Page> {
  const page = await chrome.context.newPage();
  await page.setViewportSize(POPUP_VIEWPORT);
  await page.addInitScript({ content: NAME_SHIM });
  await page.addInitScript(instrumentPopup, rows);
  await page.goto(`${chrome.origin}/${POPUP_PATH}`);
  return page;
}

async function drawTiming(page: Page): Promise<DrawTiming> {
  const timing = await page.evaluate(() =>
    Promise.race([
      (globalThis as unknown as BenchWindow).__popupBench.drawn,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the list was not drawn within 10 s')), 10_000),
      ),
    ]),
  );
  if (timing.setSize !== timing.expected || !timing.viewportCovered || timing.lastRowHeight <= 0) {
    throw new Error(
      `popup drew ${timing.rows} rows of a list of ${timing.setSize}/${timing.expected} (view covered: ${timing.viewportCovered}, last row ${timing.lastRowHeight}px high)`,
    );
  }
  return timing;
}

async function measureSize(chrome: ChromiumExtension, size: number): Promise<PopupRun> {
  const now = Date.now();
  const jobs = makeJobs(size, now, size);
  const writer = await chrome.probe();
  await replaceStorage(writer, asStorageItems(jobs));

  const draws: DrawTiming[] = [];
  let page: Page | null = null;
  for (let i = 0; i <= OPENS; i++) {
    await page?.close();
    page = await openInstrumented(chrome, size);
    draws.push(await drawTiming(page));
  }
  if (page === null) throw new Error('no popup');
  const [cold, ...warm] = draws;
  if (cold === undefined) throw new Error('no popup');

  // (b) and (c) in the last popup: one running job at a time moves on by one percent. Only jobs
  // whose rows are drawn: in a long list the others have no DOM to update (nothing to see or time).
  const drawnShortIds = await page.evaluate(() =>
    [...document.querySelectorAll('#job-list > li.job .job-short')].map((el) => el.textContent ?? ''),
  );
  const movable = jobs.filter(
    (job) =>
      job.phase === 'running' &&
      job.problem === null &&
      (job.percent ?? 100) < 90 &&
      drawnShortIds.some((text) => text.endsWith(job.shortId)),
  );
  if (movable.length === 0) throw new Error('no running job to update');
  const updates: UpdateTiming[] = [];
  for (let i = 0; i < WARMUP_UPDATES + UPDATES; i++) {
    const index = i % movable.length;
    const job = movable[index]!;
    const at = Date.now();
    const percent = (job.percent ?? 0) + 1;
    const next: Job = {
      ...job,
      percent,
      lastCheckedAt: at,
      lastChangedAt: at,
      history: [...job.history, [at, percent] as [number, number]].slice(-MAX_HISTORY),
    };
    movable[index] = next;
    const key = `job:${job.id}`;
    await page.evaluate(([k, shortId]) => (globalThis as unknown as BenchWindow).__popupBench.arm(k, shortId), [
      key,
      job.shortId,
    ] as const);
    await writer.evaluate((items) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set(items), {
      [key]: next,
    });
    const result = await page.evaluate(() => (globalThis as unknown as BenchWindow).__popupBench.result());
    if (!result.percentText.startsWith(String(percent))) {
      throw new Error(`row shows "${result.percentText}" after an update to ${percent} %`);
    }
    if (i >= WARMUP_UPDATES) updates.push(result);
  }
  const foreignStorageEvents = await page.evaluate(
    () => (globalThis as unknown as BenchWindow).__popupBench.foreignEvents,
  );
  await page.close();

  const updateMs = updates.map((u) => u.rowMutatedMs - u.eventMs);
  const handlerMs = updates.flatMap((u) => (u.handlerDoneMs === null ? [] : [u.handlerDoneMs - u.eventMs]));
  return {
    jobs: size,
    drawnMs: median(warm.map((d) => d.drawnMs)),
    samples: warm.length,
    updateMs: median(updateMs),
    rowsReplacedOnUpdate: Math.max(...updates.map((u) => u.rowsAdded + u.rowsRemoved)),
    rowsDrawn: median(warm.map((d) => d.rows)),
    listHeightPx: median(warm.map((d) => d.listHeight)),
    listMs: optionalMedian(warm.map((d) => difference(d.drawnMs, d.storageGetCalledMs))),
    coldDrawnMs: cold.drawnMs,
    drawnP90Ms: p90(warm.map((d) => d.drawnMs)),
    breakdown: {
      domContentLoadedMs: median(warm.map((d) => d.domContentLoadedMs)),
      storageGetCalledMs: optionalMedian(warm.map((d) => d.storageGetCalledMs)),
      storageReadMs: optionalMedian(warm.map((d) => difference(d.storageGetAnsweredMs, d.storageGetCalledMs))),
      buildRowsMs: optionalMedian(warm.map((d) => difference(d.domMs, d.storageGetAnsweredMs))),
      renderMs: median(warm.map((d) => d.drawnMs - d.domMs)),
    },
    updateSamples: updates.length,
    updateP90Ms: p90(updateMs),
    updateMaxMs: Math.max(...updateMs),
    updateHandlerMs: handlerMs.length === 0 ? null : median(handlerMs),
    rowMutationRecords: median(updates.map((u) => u.rowMutationRecords)),
    foreignStorageEvents,
  };
}
