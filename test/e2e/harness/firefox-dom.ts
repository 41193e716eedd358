import type { Page } from 'puppeteer-core';

/**
 * Label- and name-based form helpers for Firefox. Puppeteer's `::-p-aria(...)` selectors need the
 * CDP accessibility tree and time out over WebDriver BiDi, so the element is found in the page
 * (label text -> its control, button text -> the button), tagged, and then driven with a normal
 * CSS locator. Mirrors Playwright's getByLabel / getByRole('button') closely enough for our forms.
 */

type TextMatch = string | RegExp;
const TAG = 'data-e2e-target';
let counter = 0;

const serialise = (m: TextMatch): { source: string; flags: string; exact: boolean } =>
  typeof m === 'string' ? { source: m, flags: '', exact: true } : { source: m.source, flags: m.flags, exact: false };

/** Tags the first element matching and returns a CSS selector for it, or null. */
async function tag(page: Page, kind: 'label' | 'button', match: TextMatch): Promise<string | null> {
  const id = `e${++counter}`;
  const found = await page.evaluate(
    (kindArg: string, m: { source: string; flags: string; exact: boolean }, tagName: string, value: string) => {
      // Runs in the page: keep it free of inner named functions (see extension-global.ts).
      const pattern = new RegExp(m.source, m.flags);
      if (kindArg === 'label') {
        for (const label of document.querySelectorAll('label')) {
          const text = (label.textContent ?? '').trim();
          if ((m.exact ? text === m.source : pattern.test(text)) && label.control) {
            label.control.setAttribute(tagName, value);
            return true;
          }
        }
        return false;
      }
      for (const el of document.querySelectorAll('button, [role="button"], input[type="submit"]')) {
        const name = (
          el.getAttribute('aria-label') ??
          (el instanceof HTMLInputElement ? el.value : el.textContent) ??
          ''
        ).trim();
        if (m.exact ? name === m.source : pattern.test(name)) {
          el.setAttribute(tagName, value);
          return true;
        }
      }
      return false;
    },
    kind,
    serialise(match),
    TAG,
    id,
  );
  return found ? `[${TAG}="${id}"]` : null;
}

async function required(page: Page, kind: 'label' | 'button', match: TextMatch): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const selector = await tag(page, kind, match);
    if (selector) return selector;
    if (Date.now() > deadline)
      throw new Error(`no ${kind === 'label' ? 'field labelled' : 'button named'} ${String(match)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Like Playwright's `getByLabel(label).fill(value)`. */
export async function fillByLabel(page: Page, label: TextMatch, value: string): Promise<void> {
  await page.locator(await required(page, 'label', label)).fill(value);
}

/** Like Playwright's `getByRole('button', { name }).click()` (exact name for strings). */
export async function clickButton(page: Page, name: TextMatch): Promise<void> {
  await page.locator(await required(page, 'button', name)).click();
}
