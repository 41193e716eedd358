import type { Page } from 'puppeteer-core';

/**
 * Errors an extension page logged (console.error / console.warn) or threw after it loaded.
 * Puppeteer's console and pageerror events do not reach moz-extension pages over WebDriver BiDi,
 * so a recorder is installed in the page and read back.
 */
type ComplaintsGlobal = { __e2eComplaints?: string[] };

export async function recordComplaints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as ComplaintsGlobal;
    const seen: string[] = [];
    g.__e2eComplaints = seen;
    addEventListener('error', (e) => seen.push(`uncaught: ${e.message}`));
    addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${String(e.reason)}`));
    const { error, warn } = console;
    // Assigned to members, not declared: keepNames leaves such functions alone.
    console.error = (...args: unknown[]) => {
      seen.push(`error: ${args.map(String).join(' ')}`);
      error(...args);
    };
    console.warn = (...args: unknown[]) => {
      seen.push(`warn: ${args.map(String).join(' ')}`);
      warn(...args);
    };
  });
}

/** What the page complained about since `recordComplaints`. */
export const complaintsOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => (globalThis as unknown as ComplaintsGlobal).__e2eComplaints ?? []);
