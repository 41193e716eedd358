import browser from 'webextension-polyfill';
import type enMessages from '../../public/_locales/en/messages.json';

/** Every key of the default locale; a typo in `t('…')` fails to compile. */
export type MessageKey = keyof typeof enMessages;

/**
 * A localised string. Substitutions are plain strings (format numbers and times with
 * `src/core/format.ts` first). A missing key shows the key itself rather than nothing.
 */
export function t(key: MessageKey, substitutions?: string | readonly string[]): string {
  const subs =
    substitutions === undefined ? undefined : typeof substitutions === 'string' ? [substitutions] : [...substitutions];
  const text = browser.i18n.getMessage(key, subs);
  return text === '' ? key : text;
}

const MARK = '\u0001';
const templates = new Map<MessageKey, readonly string[]>();

/**
 * `t(key, [value])` for messages with one placeholder that are filled for every row (labels
 * naming the job): the message is looked up once and split at the placeholder, so a thousand
 * rows cost a thousand string joins instead of a thousand calls into the browser.
 */
export function tOne(key: MessageKey, value: string): string {
  let parts = templates.get(key);
  if (parts === undefined) {
    parts = t(key, MARK).split(MARK);
    templates.set(key, parts);
  }
  return parts.join(value);
}

/** Forgets cached templates (tests switch languages; a real page never does). */
export function clearMessageCache(): void {
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
