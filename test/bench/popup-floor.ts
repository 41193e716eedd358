import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../e2e/harness/chromium';
import type { ExtensionGlobal } from '../e2e/harness/extension-global';
import { DIST_CHROME, POPUP_PATH } from '../e2e/harness/paths';
import { POPUP_VIEWPORT } from '../e2e/harness/popup-size';
import type { Simulator } from '../simulator/server';
import { quantile } from './polling-economy';
import { NAME_SHIM } from './popup-probe';

/**
 * Part 2, what any page costs before the popup's own work: the same harness opens pages that do
 * less and less than popup.html, from a copy of the build with a few extra files (the popup's files
 * are the same bytes). Their gap to popup.html is what the popup itself can still win; what an empty
 * page costs cannot be won by changing the popup.
 *
 * - empty: a title and one word, no stylesheet, no script.
 * - one tiny script: the same plus `<script type="module">` of one statement (extension pages
 *   allow no inline script, so any code at all arrives as a file like this one).
 * - popup.html without its script: the markup and the stylesheet only.
 * - popup.html as shipped, with nothing stored (no rows to draw).
 *
 * Times are ms since navigation start, medians over OPENS opens after a warm-up, the pages
 * interleaved so a burst of load elsewhere on the machine hits them all alike.
 */
export interface PageFloor {
  page: string;
  domInteractiveMs: number;
  domContentLoadedMs: number;
  /** First contentful paint (Chromium reports paint times in coarse steps of a few ms). */
  firstPaintMs: number;
}

const OPENS = 9;

const EMPTY = '<!doctype html><meta charset="utf-8"><title>bench</title><body>bench</body>';
const ONE_SCRIPT =
  '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="./bench-noop.js"></script><body>bench</body>';

export async function measurePageFloor(sim: Simulator): Promise<PageFloor[]> {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'copy-bench-floor-'));
  try {
    cpSync(DIST_CHROME, dist, { recursive: true });
    const dir = path.join(dist, path.dirname(POPUP_PATH));
    const popupHtml = readFileSync(path.join(dist, POPUP_PATH), 'utf8');
    const withoutScript = popupHtml
      .replace(/<script type="module"[^>]*><\/script>/g, '')
      .replace(/<link rel="modulepreload"[^>]*>/g, '');
    if (withoutScript === popupHtml) throw new Error('popup.html has no module script to take out');
    writeFileSync(path.join(dir, 'bench-empty.html'), EMPTY);
    writeFileSync(path.join(dir, 'bench-one-script.html'), ONE_SCRIPT);
    writeFileSync(path.join(dir, 'bench-noop.js'), 'document.title = "bench";\n');
    writeFileSync(path.join(dir, 'bench-popup-no-script.html'), withoutScript);
    const pages: [string, string][] = [
      ['empty page', 'bench-empty.html'],
      ['empty page + one tiny script', 'bench-one-script.html'],
      ['popup.html without its script', 'bench-popup-no-script.html'],
      ['popup.html, nothing stored', path.basename(POPUP_PATH)],
    ];

    const chrome = await launchChromium({ sim, dist });
    try {
      const writer = await chrome.probe();
      await writer.evaluate(() =>
        (
          (globalThis as unknown as ExtensionGlobal).chrome.storage.local as unknown as { clear(): Promise<void> }
        ).clear(),
      );
      const samples = new Map<string, PageFloor[]>();
      for (let i = 0; i <= OPENS; i++) {
        for (const [label, file] of pages) {
          const page = await chrome.context.newPage();
          await page.setViewportSize(POPUP_VIEWPORT);
          await page.addInitScript({ content: NAME_SHIM });
          await page.goto(`${chrome.origin}/${path.dirname(POPUP_PATH)}/${file}`);
          // Paint entries arrive after the frame; wait for one.
          const timing = await page.evaluate(
            () =>
              new Promise<Omit<PageFloor, 'page'>>((resolve) => {
                const read = (): void => {
                  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
                  const paint = performance.getEntriesByName('first-contentful-paint')[0];
                  if (nav === undefined || paint === undefined || nav.domContentLoadedEventEnd === 0) {
                    setTimeout(read, 20);
                    return;
                  }
                  resolve({
                    domInteractiveMs: nav.domInteractive,
                    domContentLoadedMs: nav.domContentLoadedEventEnd,
                    firstPaintMs: paint.startTime,
                  });
                };
                read();
              }),
          );
          await page.close();
          if (i === 0) continue;
          const list = samples.get(label) ?? [];
          list.push({ page: label, ...timing });
          samples.set(label, list);
        }
      }
      const median = (values: number[]): number =>
        quantile(
          [...values].sort((a, b) => a - b),
          0.5,
        );
      return pages.map(([label]) => {
        const list = samples.get(label) ?? [];
        return {
          page: label,
          domInteractiveMs: median(list.map((s) => s.domInteractiveMs)),
          domContentLoadedMs: median(list.map((s) => s.domContentLoadedMs)),
          firstPaintMs: median(list.map((s) => s.firstPaintMs)),
        };
      });
    } finally {
      await chrome.close();
    }
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}
