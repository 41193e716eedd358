import type { Page } from 'playwright-core';
import { isActivePhase } from '../../src/core/job';
import { launchChromium, type ChromiumExtension } from '../e2e/harness/chromium';
import { jobRecords, type StoredJob } from '../e2e/harness/stored-jobs';
import { CHROME_REDIRECT_URI } from '../extension-ids';
import { SIM_CLIENT_ID } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';
import { DEMO_COPY, openLinkOf, saveClientId, signInFromPopup, startCopyFromPopup } from './demo-copy';
import { DEMO_JOBS, type DemoJob } from './demo-jobs';
import { progressLine } from './progress-line';

/**
 * `npm run demo`: the production Chrome build against the simulator, driven like a person would:
 * save the simulator's client id in the options page, sign in from the popup (the simulator plays
 * login.microsoftonline.com), start a copy through the copy screen (and Graph), then paste each
 * monitor URL, name it, press Track, and watch. Prints a line per job every couple of seconds
 * from chrome.storage.local and saves popup screenshots under test-results/demo/. Headed when
 * there is a DISPLAY. `DEMO_VERBOSE=1` also prints every request the simulator answers.
 */

const TICK_MS = 2_000;
const GIVE_UP_MS = 90_000;
const SCREENSHOT_EVERY_MS = 10_000;

/** How long to wait, after the started copy completed, for the extension to name its new item. */
const RESULT_WAIT_MS = 10_000;

interface Tracked {
  /** The popup's name for the job; also how the demo finds the stored record again. */
  name: string;
  expect: DemoJob['expect'];
  /** Simulator job id. */
  simId: string;
  /** Epoch ms the simulator job was created (its timeline counts from here). */
  createdAt: number;
  /** Started through the copy screen: the id of the item it makes, which the row should open. */
  newItemId?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function trackInPopup(
  popup: Page,
  chrome: ChromiumExtension,
  name: string,
  monitorUrl: string,
  before: number,
): Promise<void> {
  await popup.getByLabel('Monitor URL').fill(monitorUrl);
  await popup.getByLabel(/Name/).fill(name);
  await popup.getByRole('button', { name: 'Track' }).click();
  // Done when the background has stored one more job; the popup shows errors next to the field.
  const deadline = Date.now() + 5_000;
  while (jobRecords(await chrome.storage()).length <= before) {
    if (Date.now() > deadline) {
      const alert = await popup.locator('.field-error:not([hidden]), [role=alert]:not([hidden])').allInnerTexts();
      throw new Error(`"${name}" was not tracked${alert.length ? `: ${alert.join(' / ')}` : ''}`);
    }
    await sleep(100);
  }
}

/** When the simulator's job reached the outcome the extension should report. */
function outcomeAt(sim: Simulator, job: Tracked): number | null {
  const line = sim.timeline(job.simId);
  const at = job.expect === 'expired' ? line.goneAtMs : line.endsAtMs;
  return at === null ? null : job.createdAt + at;
}

async function main(): Promise<number> {
  const verbose = process.env['DEMO_VERBOSE'] === '1';
  const headless = !process.env['DISPLAY'];
  const sim = await startSimulator({
    // Registered like the README's app registration asks: Chrome's redirect URI only.
    identity: { redirectUris: [CHROME_REDIRECT_URI] },
    ...(verbose ? { log: (l: string) => console.log(`  ${l}`) } : {}),
  });
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
    const started = Date.now();

    const saved = await saveClientId(chrome, SIM_CLIENT_ID);
    console.log(
      `Options page: typed the simulator's client id ${SIM_CLIENT_ID} into "Application (client) ID", pressed Save: "${saved}"`,
    );

    const popup = await chrome.openPopup();
    const signedIn = await signInFromPopup(popup);
    const tokenCalls = sim.identity.tokenRequests.length;
    console.log(
      `Popup: pressed "Sign in with Microsoft"; the strip says "${signedIn}" ` +
        `(simulated sign-in: ${sim.identity.authorizeRequests.length} authorize, ${tokenCalls} token request${tokenCalls === 1 ? '' : 's'})`,
    );
    await chrome.screenshot(popup, 'demo/popup-signed-in', { fullPage: true });

    const copy = await startCopyFromPopup(popup, chrome, sim, () =>
      chrome.screenshot(popup, 'demo/copy-screen', { fullPage: true }),
    );
    const tracked: Tracked[] = [
      {
        name: DEMO_COPY.newName,
        expect: DEMO_COPY.expect,
        simId: copy.simId,
        createdAt: copy.createdAt,
        newItemId: copy.newItemId,
      },
    ];
    console.log(
      `Copy screen: "${DEMO_COPY.source}" into "${DEMO_COPY.destination}" as "${DEMO_COPY.newName}", pressed Start ` +
        `(Graph accepted it: simulator ${copy.simId}: ${DEMO_COPY.scenario.label}, on ${copy.record.host})`,
    );

    for (const demo of DEMO_JOBS) {
      const createdAt = Date.now();
      const created = sim.createJob(demo.scenario);
      await trackInPopup(popup, chrome, demo.name, created.monitorUrl, tracked.length);
      tracked.push({ name: demo.name, expect: demo.expect, simId: created.id, createdAt });
      console.log(
        `Tracking "${demo.name}" (simulator ${created.id}: ${demo.scenario.label ?? ''}, on ${created.host})`,
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
        const job = tracked.find((j) => j.name === record.name);
        const polls = job ? sim.requests.filter((r) => r.jobId === job.simId && r.kind === 'monitor').length : 0;
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

    // A completed copy started here gets its new item looked up (Graph) right after: wait for it.
    const startedHere = tracked.filter((j) => j.newItemId !== undefined).map((j) => j.name);
    const deadline = Date.now() + RESULT_WAIT_MS;
    const awaitingResult = (): boolean =>
      records.some((r) => startedHere.includes(r.name ?? '') && r.phase === 'completed' && r.result === undefined);
    while (awaitingResult() && Date.now() < deadline) {
      await sleep(250);
      records = jobRecords(await chrome.storage());
    }
    // Read the Open links (the popup draws them a moment after the record) before the last shot.
    const openLinks = new Map<string, string | null>();
    for (const name of startedHere) {
      const found = records.find((r) => r.name === name)?.result?.state === 'found';
      openLinks.set(name, await openLinkOf(popup, name, found ? 3_000 : 0));
    }
    await chrome.screenshot(popup, 'demo/popup-final', { fullPage: true });

    console.log('\nSummary (noticed = how long after the simulator reached the outcome the extension showed it):');
    let ok = true;
    for (const job of tracked) {
      const record = records.find((r) => r.name === job.name);
      const mine = sim.requests.filter((r) => r.jobId === job.simId);
      const outcome = outcomeAt(sim, job);
      const noticed =
        record?.finishedAt != null && outcome !== null ? `${((record.finishedAt - outcome) / 1000).toFixed(1)} s` : '-';
      let good = record?.phase === job.expect;
      let openLine = '';
      if (job.newItemId !== undefined && record?.phase === 'completed') {
        // The row's Open link must lead to the item the copy made.
        const href = openLinks.get(job.name) ?? null;
        const webUrl = sim.graph.item(job.newItemId)?.['webUrl'];
        const leadsThere = href !== null && href === webUrl;
        good &&= leadsThere;
        openLine =
          href === null
            ? `\n${' '.repeat(21)}Open link: none${record.result ? ` (result: ${record.result.state})` : ' (not looked up)'}`
            : `\n${' '.repeat(21)}Open link: yes -> ${href}${leadsThere ? '' : ` (EXPECTED ${String(webUrl)})`}`;
      }
      ok &&= good;
      console.log(
        `  ${job.name.padEnd(18)} ${(record?.phase ?? 'missing').padEnd(9)} ${good ? 'as expected' : `EXPECTED ${job.expect}`}` +
          `  polls ${mine.filter((r) => r.kind === 'monitor').length}, noticed after ${noticed}${openLine}`,
      );
    }
    // Tokens go to Graph by design; monitors and items are pre-authenticated and must get none.
    const leaks = sim.requests.filter(
      (r) => r.kind !== 'proxy' && ((r.hasAuthorization && r.kind !== 'graph') || r.hasCookie),
    );
    if (leaks.length > 0) {
      ok = false;
      const kinds = [...new Set(leaks.map((r) => r.kind))].join(', ');
      console.log(`  ${leaks.length} request(s) (${kinds}) carried an Authorization header or cookies!`);
    } else {
      const withToken = sim.requests.filter((r) => r.kind === 'graph' && r.hasAuthorization).length;
      console.log(
        `  No cookies anywhere; the token went to Graph only (${withToken} calls), never to a monitor or item.`,
      );
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
