import browser from 'webextension-polyfill';
import type enMessages from '../../public/_locales/en/messages.json';

/** Every key of the default locale; a typo in `t('…')` fails to compile. */
export type MessageKey = keyof typeof enMessages;

const MARK = '\u0001';
const plainTexts = new Map<MessageKey, string>();
const templates = new Map<MessageKey, readonly string[]>();

function lookup(key: MessageKey, substitutions?: string[]): string {
  const text = browser.i18n.getMessage(key, substitutions);
  return text === '' ? key : text;
}

/**
 * A localised string. Substitutions are plain strings (format numbers and times with
 * `src/core/format.ts` first). A missing key shows the key itself rather than nothing.
 * Messages are looked up once and kept: a thousand rows then cost a thousand string joins, not
 * a thousand calls into the browser (one-placeholder messages are split at the placeholder).
 */
export function t(key: MessageKey, substitutions?: string | readonly string[]): string {
  if (substitutions === undefined) {
    let text = plainTexts.get(key);
    if (text === undefined) {
      text = lookup(key);
      plainTexts.set(key, text);
    }
    return text;
  }
  const subs = typeof substitutions === 'string' ? [substitutions] : [...substitutions];
  if (subs.length !== 1) return lookup(key, subs);
  let parts = templates.get(key);
  if (parts === undefined) {
    parts = lookup(key, [MARK]).split(MARK);
    templates.set(key, parts);
  }
  return parts.join(subs[0]);
}

/** Forgets cached messages (tests switch languages; a real page never does). */
export function clearMessageCache(): void {
  plainTexts.clear();
  templates.clear();
}

/** The browser's UI language as a BCP 47 tag ("pt-BR"), for `Intl` and `<html lang>`. */
export function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/**
 * Fills static markup: a `data-i18n` attribute names the key of the text, `data-i18n-aria-label` the key of the
 * accessible name. Keys in markup are checked by test/unit/locales.test.ts.
 */
export function localizeTree(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset['i18n'] as MessageKey);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset['i18nAriaLabel'] as MessageKey));
  }
}
