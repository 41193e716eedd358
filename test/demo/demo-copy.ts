import type { Page } from 'playwright-core';
import type { ChromiumExtension } from '../e2e/harness/chromium';
import { EN } from '../e2e/harness/messages';
import { jobRecords, type StoredJob } from '../e2e/harness/stored-jobs';
import { SIM_USER } from '../simulator/identity';
import type { Scenario } from '../simulator/scenario';
import type { Simulator } from '../simulator/server';

/**
 * The part of the demo that needs a Microsoft account, played against the simulator's
 * login.microsoftonline.com and graph.microsoft.com: save a client id in the options page, sign
 * in from the popup's account strip, and start a copy through the copy screen. Nothing here
 * fakes an answer: the real background, offscreen document and Graph calls do the work.
 */

/** The copy started from the copy screen (names are those of the simulator's drive). */
export const DEMO_COPY = {
  source: 'Photos',
  destination: 'Projects',
  newName: 'Photos (copy)',
  scenario: {
    label: 'started via Graph, linear',
    host: 'business',
    durationMs: 24_000,
    startDelayMs: 1_000,
  } satisfies Scenario,
  expect: 'completed',
} as const;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value; `describe` says what was seen when it gives up. */
async function waitUntil<T>(
  check: () => Promise<T | null>,
  what: string,
  timeoutMs: number,
  describe?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) {
      const seen = describe ? await describe().catch(() => '') : '';
      throw new Error(`timed out waiting for ${what}${seen ? `: ${seen}` : ''}`);
    }
    await sleep(100);
  }
}

/** Visible error texts on a page (field errors, alerts, notices). */
const visibleErrors = (page: Page): Promise<string> =>
  page
    .locator('.field-error:not([hidden]), [role=alert]:not([hidden]), .notice:not([hidden])')
    .allInnerTexts()
    .then((texts) => texts.filter((t) => t.trim() !== '').join(' / '));

/** Options page: types the client id into its field and presses Save, like a newcomer. */
export async function saveClientId(chrome: ChromiumExtension, clientId: string): Promise<string> {
  const page = await chrome.context.newPage();
  try {
    await page.goto(`${chrome.origin}/src/options/options.html`);
    const field = page.getByLabel(EN('optionsClientIdLabel'), { exact: true });
    await field.fill(clientId);
    await page.getByRole('button', { name: EN('optionsSave'), exact: true }).click();
    const status = page.locator('#save-status');
    return await waitUntil(
      async () => {
        const text = (await status.textContent()) ?? '';
        return text === EN('optionsSaved') ? text : null;
      },
      'the options page to say it saved',
      5_000,
      () => visibleErrors(page),
    );
  } finally {
    await page.close();
  }
}

/** Popup: presses "Sign in with Microsoft" in the account strip; resolves with what the strip says. */
export async function signInFromPopup(popup: Page): Promise<string> {
  await popup.getByRole('button', { name: EN('accountSignIn'), exact: true }).click();
  const status = popup.locator('#account-status');
  const error = popup.locator('#account-error:not([hidden])');
  const expected = EN('accountSignedIn', SIM_USER.preferredUsername);
  return waitUntil(
    async () => {
      if ((await status.textContent()) === expected) return expected;
      // The strip says why it did not work (cancelled, not configured...): no point waiting on.
      if ((await error.count()) > 0) throw new Error(`sign-in failed, the popup says: ${await error.innerText()}`);
      return null;
    },
    `the account strip to say "${expected}"`,
    20_000,
    async () => `strip says "${await status.textContent()}"; ${await visibleErrors(popup)}`,
  );
}

export interface StartedCopy {
  /** Simulator job the copy's monitor URL belongs to. */
  simId: string;
  /** Epoch ms the simulator created that job. */
  createdAt: number;
  /** The id of the item the copy produces (found by the extension once the copy completed). */
  newItemId: string;
  /** The job record the background stored for it. */
  record: StoredJob;
}

/**
 * Popup: New copy → browse and choose what to copy → browse and choose where → new name →
 * Start. `screenshot` is called with the filled screen just before Start is pressed.
 */
export async function startCopyFromPopup(
  popup: Page,
  chrome: ChromiumExtension,
  sim: Simulator,
  screenshot: () => Promise<unknown>,
): Promise<StartedCopy> {
  sim.graph.nextCopyScenario(DEMO_COPY.scenario);
  const copiesBefore = sim.graph.copies.length;
  const jobsBefore = jobRecords(await chrome.storage()).length;

  await popup.getByRole('button', { name: EN('newCopy'), exact: true }).click();
  await popup.locator('#copy-screen').waitFor({ state: 'visible' });

  const source = popup.getByRole('group', { name: EN('copySourceHeading'), exact: true });
  await source.getByRole('button', { name: EN('copyBrowse') }).click();
  await source.getByRole('button', { name: EN('browseChooseLabel', DEMO_COPY.source), exact: true }).click();
  await waitUntil(
    async () => ((await source.locator('.pick-chosen').textContent())?.includes(DEMO_COPY.source) ? true : null),
    `"${DEMO_COPY.source}" to be chosen`,
    5_000,
    () => visibleErrors(popup),
  );

  const destination = popup.getByRole('group', { name: EN('copyDestinationHeading'), exact: true });
  await destination.getByRole('button', { name: EN('copyBrowse') }).click();
  await destination.getByRole('button', { name: EN('browseChooseLabel', DEMO_COPY.destination), exact: true }).click();
  await waitUntil(
    async () =>
      (await destination.locator('.pick-chosen').textContent())?.includes(DEMO_COPY.destination) ? true : null,
    `"${DEMO_COPY.destination}" to be chosen`,
    5_000,
    () => visibleErrors(popup),
  );
  await popup.getByLabel(EN('copyNewNameLabel'), { exact: true }).fill(DEMO_COPY.newName);
  await screenshot();

  await popup.getByRole('button', { name: EN('copyStart'), exact: true }).click();
  // Back on the list once the background answered; its job record arrives with it.
  await waitUntil(
    async () => ((await popup.locator('#list-view').isVisible()) ? true : null),
    'the copy screen to close after Start',
    15_000,
    () => visibleErrors(popup),
  );
  const copy = sim.graph.copies[copiesBefore];
  if (copy === undefined) throw new Error('the simulated Graph accepted no copy');
  const record = await waitUntil(
    async () => {
      const records = jobRecords(await chrome.storage());
      return records.length > jobsBefore ? (records.find((r) => r.name === DEMO_COPY.newName) ?? null) : null;
    },
    `a job record named "${DEMO_COPY.newName}"`,
    5_000,
  );
  return { simId: copy.jobId, createdAt: copy.time, newItemId: copy.newItemId, record };
}

/**
 * The "Open" link of a row, as the popup draws it: its target, or null when the row has none
 * within `waitMs` (the popup redraws a row when storage changes, a moment after the record).
 */
export async function openLinkOf(popup: Page, name: string, waitMs = 0): Promise<string | null> {
  const link = popup.getByRole('link', { name: EN('actionOpenLabel', name), exact: true });
  try {
    await link.waitFor({ state: 'visible', timeout: Math.max(waitMs, 1) });
  } catch {
    return null;
  }
  return link.getAttribute('href');
}
