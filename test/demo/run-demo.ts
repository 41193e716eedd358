import type { Page } from 'playwright-core';
import { isActivePhase } from '../../src/core/job';
import { launchChromium, type ChromiumExtension } from '../e2e/harness/chromium';
import { jobRecords, type StoredJob } from '../e2e/harness/stored-jobs';
import type { CreatedJob } from '../simulator/jobs';
import { startSimulator, type Simulator } from '../simulator/server';
import { DEMO_JOBS, type DemoJob } from './demo-jobs';
import { progressLine } from './progress-line';

/**
 * `npm run demo`: the production Chrome build against the simulator, driven through the popup
 * like a person would: paste each monitor URL, name it, press Track, then watch. Prints a line
 * per job every couple of seconds from chrome.storage.local and saves popup screenshots under
 * test-results/demo/. Headed when there is a DISPLAY. `DEMO_VERBOSE=1` also prints every
 * request the simulator answers.
 */

const TICK_MS = 2_000;
const GIVE_UP_MS = 90_000;
const SCREENSHOT_EVERY_MS = 10_000;

interface Tracked {
  demo: DemoJob;
  sim: CreatedJob;
  /** Epoch ms the simulator job was created (its timeline counts from here). */
  createdAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function trackInPopup(popup: Page, chrome: ChromiumExtension, job: Tracked, before: number): Promise<void> {
  await popup.getByLabel('Monitor URL').fill(job.sim.monitorUrl);
  await popup.getByLabel(/Name/).fill(job.demo.name);
  await popup.getByRole('button', { name: 'Track' }).click();
  // Done when the background has stored one more job; the popup shows errors next to the field.
  const deadline = Date.now() + 5_000;
  while (jobRecords(await chrome.storage()).length <= before) {
    if (Date.now() > deadline) {
      const alert = await popup.locator('.field-error:not([hidden]), [role=alert]:not([hidden])').allInnerTexts();
      throw new Error(`"${job.demo.name}" was not tracked${alert.length ? `: ${alert.join(' / ')}` : ''}`);
    }
    await sleep(100);
  }
}

/** When the simulator's job reached the outcome the extension should report. */
function outcomeAt(sim: Simulator, job: Tracked): number | null {
  const line = sim.timeline(job.sim.id);
  const at = job.demo.expect === 'expired' ? line.goneAtMs : line.endsAtMs;
  return at === null ? null : job.createdAt + at;
}

async function main(): Promise<number> {
  const verbose = process.env['DEMO_VERBOSE'] === '1';
  const headless = !process.env['DISPLAY'];
  const sim = await startSimulator(verbose ? { log: (l) => console.log(`  ${l}`) } : {});
  const chrome = await launchChromium({ sim, headless });
  const stop = async (): Promise<void> => {
    await chrome.close();
    await sim.close();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    console.log(
      `Simulator on 127.0.0.1:${sim.port}; Chromium ${headless ? 'headless' : 'headed'}, extension ${chrome.extensionId}`,
    );
    const popup = await chrome.openPopup();
    const started = Date.now();
    const tracked: Tracked[] = [];
    for (const demo of DEMO_JOBS) {
      const createdAt = Date.now();
      const job: Tracked = { demo, sim: sim.createJob(demo.scenario), createdAt };
      await trackInPopup(popup, chrome, job, tracked.length);
      tracked.push(job);
      console.log(
        `Tracking "${demo.name}" (simulator ${job.sim.id}: ${demo.scenario.label ?? ''}, on ${job.sim.host})`,
      );
    }
    await chrome.screenshot(popup, 'demo/popup-00s', { fullPage: true });

    let nextShot = SCREENSHOT_EVERY_MS;
    let records: StoredJob[] = [];
    for (;;) {
      const elapsed = Date.now() - started;
      records = jobRecords(await chrome.storage());
      console.log('');
      for (const record of records) {
        const job = tracked.find((j) => j.demo.name === record.name);
        const polls = job ? sim.requests.filter((r) => r.jobId === job.sim.id && r.kind === 'monitor').length : 0;
        console.log(progressLine(elapsed, record, polls));
      }
      if (elapsed >= nextShot) {
        await chrome.screenshot(popup, `demo/popup-${String(Math.round(elapsed / 1000)).padStart(2, '0')}s`, {
          fullPage: true,
        });
        nextShot += SCREENSHOT_EVERY_MS;
      }
      const allDone = records.length === tracked.length && records.every((r) => !isActivePhase(r.phase));
      if (allDone || elapsed > GIVE_UP_MS) break;
      await sleep(TICK_MS);
    }
    await chrome.screenshot(popup, 'demo/popup-final', { fullPage: true });

    console.log('\nSummary (noticed = how long after the simulator reached the outcome the extension showed it):');
    let ok = true;
    for (const job of tracked) {
      const record = records.find((r) => r.name === job.demo.name);
      const mine = sim.requests.filter((r) => r.jobId === job.sim.id);
      const outcome = outcomeAt(sim, job);
      const noticed =
        record?.finishedAt != null && outcome !== null ? `${((record.finishedAt - outcome) / 1000).toFixed(1)} s` : '-';
      const good = record?.phase === job.demo.expect;
      ok &&= good;
      console.log(
        `  ${job.demo.name.padEnd(18)} ${(record?.phase ?? 'missing').padEnd(9)} ${good ? 'as expected' : `EXPECTED ${job.demo.expect}`}` +
          `  polls ${mine.filter((r) => r.kind === 'monitor').length}, noticed after ${noticed}`,
      );
    }
    const leaks = sim.requests.filter((r) => r.kind !== 'proxy' && (r.hasAuthorization || r.hasCookie));
    if (leaks.length > 0) {
      ok = false;
      console.log(`  ${leaks.length} request(s) carried an Authorization header or cookies!`);
    }
    const early = sim.requests.filter((r) => r.tooEarly).length;
    if (early > 0) console.log(`  ${early} request(s) came before a Retry-After had passed`);
    console.log(
      `Screenshots in test-results/demo/. ${ok ? 'All jobs ended as expected.' : 'Some jobs did not end as expected.'}`,
    );
    return ok ? 0 : 1;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
