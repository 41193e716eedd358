import type { Page } from 'puppeteer-core';

/**
 * Label- and name-based form helpers for Firefox. Puppeteer's `::-p-aria(...)` selectors need the
 * CDP accessibility tree and time out over WebDriver BiDi, so the element is found in the page
 * (label text -> its control, button text -> the button, group name -> the group), tagged, and
 * then driven with a normal CSS locator. Mirrors Playwright's getByLabel / getByRole closely
 * enough for our forms: like getByRole, only rendered elements count (not `hidden` ones).
 */

type TextMatch = string | RegExp;
type Kind = 'label' | 'button' | 'group';
const TAG = 'data-e2e-target';
let counter = 0;

const serialise = (m: TextMatch): { source: string; flags: string; exact: boolean } =>
  typeof m === 'string' ? { source: m, flags: '', exact: true } : { source: m.source, flags: m.flags, exact: false };

/** Tags the first element matching (inside `within`, a CSS selector, if given) and returns a CSS selector for it, or null. */
async function tag(page: Page, kind: Kind, match: TextMatch, within: string | null): Promise<string | null> {
  const id = `e${++counter}`;
  const found = await page.evaluate(
    (
      kindArg: string,
      m: { source: string; flags: string; exact: boolean },
      tagName: string,
      value: string,
      scopeSelector: string | null,
    ) => {
      // Runs in the page: keep it free of inner named functions (see extension-global.ts).
      const pattern = new RegExp(m.source, m.flags);
      const scope = scopeSelector === null ? document : document.querySelector(scopeSelector);
      if (scope === null) return false;
      if (kindArg === 'label') {
        for (const label of scope.querySelectorAll('label')) {
          const text = (label.textContent ?? '').trim();
          if ((m.exact ? text === m.source : pattern.test(text)) && label.control) {
            label.control.setAttribute(tagName, value);
            return true;
          }
        }
        return false;
      }
      if (kindArg === 'group') {
        for (const el of scope.querySelectorAll('[role="group"], fieldset')) {
          const labelledBy = el.getAttribute('aria-labelledby');
          const name = (
            el.getAttribute('aria-label') ??
            (labelledBy === null ? null : document.getElementById(labelledBy)?.textContent) ??
            el.querySelector('legend')?.textContent ??
            ''
          ).trim();
          if ((m.exact ? name === m.source : pattern.test(name)) && el.getClientRects().length > 0) {
            el.setAttribute(tagName, value);
            return true;
          }
        }
        return false;
      }
      for (const el of scope.querySelectorAll('button, [role="button"], input[type="submit"]')) {
        const name = (
          el.getAttribute('aria-label') ??
          (el instanceof HTMLInputElement ? el.value : el.textContent) ??
          ''
        ).trim();
        // Not rendered (hidden, or inside something hidden): not there for a person either.
        if ((m.exact ? name === m.source : pattern.test(name)) && el.getClientRects().length > 0) {
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
    within,
  );
  return found ? `[${TAG}="${id}"]` : null;
}

const WHAT: Record<Kind, string> = { label: 'field labelled', button: 'button named', group: 'group named' };

async function required(
  page: Page,
  kind: Kind,
  match: TextMatch,
  options: { within?: string | undefined; timeout?: number | undefined } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeout ?? 5_000);
  for (;;) {
    const selector = await tag(page, kind, match, options.within ?? null);
    if (selector) return selector;
    if (Date.now() > deadline)
      throw new Error(`no ${WHAT[kind]} ${String(match)}${options.within ? ` in ${options.within}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface FindOptions {
  /** CSS selector of the element to look in (e.g. from `findGroup`). Default: the whole page. */
  within?: string;
  /** How long to wait for it to appear. Default 5 s. */
  timeout?: number;
}

/** Like Playwright's `getByLabel(label).fill(value)`. */
export async function fillByLabel(page: Page, label: TextMatch, value: string, options?: FindOptions): Promise<void> {
  await page.locator(await required(page, 'label', label, options)).fill(value);
}

/** Like Playwright's `getByLabel(label).selectOption(value)`, for a `<select>`. */
export async function selectByLabel(page: Page, label: TextMatch, value: string, options?: FindOptions): Promise<void> {
  const selector = await required(page, 'label', label, options);
  const chosen = await page.select(selector, value);
  if (!chosen.includes(value)) throw new Error(`${String(label)} has no option ${value}`);
}

/** Like Playwright's `getByRole('button', { name }).click()` (exact name for strings). */
export async function clickButton(page: Page, name: TextMatch, options?: FindOptions): Promise<void> {
  await page.locator(await required(page, 'button', name, options)).click();
}

/** Like Playwright's `getByRole('group', { name })`: a CSS selector for the rendered group, to pass as `within`. */
export async function findGroup(page: Page, name: TextMatch, options?: FindOptions): Promise<string> {
  return required(page, 'group', name, options);
}
