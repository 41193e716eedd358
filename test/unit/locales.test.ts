import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/messages';
import { loadMessages, type LocaleMessages } from './popup-helpers';

const root = path.resolve(__dirname, '../..');
const en = loadMessages('en');
const ptBR = loadMessages('pt_BR');
const locales: [string, LocaleMessages][] = [
  ['en', en],
  ['pt_BR', ptBR],
];

/** Keys the background must find (it builds badge tooltips and notifications from them). */
const BACKGROUND_KEYS = [
  'badgeTooltipIdle',
  'badgeTooltipActive',
  'badgeTooltipAttention',
  'notifyCompletedTitle',
  'notifyCompletedMessage',
  'notifyFailedTitle',
  'notifyFailedMessage',
  'notifyFailedNoReason',
  'notifyExpiredTitle',
  'notifyExpiredMessage',
  'notifyManyTitle',
  'notifyManyMessage',
  'jobUnnamed',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every message key the sources name literally: t('key'), getMessage('key'), xxxKey: 'key', data-i18n="key". */
function keysUsedInSources(): Map<string, string> {
  const used = new Map<string, string>();
  const patterns = [
    /(?<![\w.$])t\(\s*['"`]([A-Za-z][\w]*)['"`]/g,
    /\bgetMessage\(\s*['"`]([A-Za-z][\w]*)['"`]/g,
    /\b\w*Key\s*:\s*['"]([A-Za-z][\w]*)['"]/g,
    /\bdata-i18n(?:-[a-z-]+)?="([A-Za-z][\w]*)"/g,
  ];
  for (const file of filesUnder(path.resolve(root, 'src'))) {
    if (!/\.(ts|html)$/.test(file)) continue;
    const source = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) used.set(match[1]!, path.relative(root, file));
    }
  }
  return used;
}

const placeholdersIn = (message: string): string[] =>
  [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

describe('locale files', () => {
  it('en and pt_BR have the same keys', () => {
    expect(Object.keys(ptBR).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(locales)('%s: every message is non-empty and described', (_lang, messages) => {
    for (const [key, entry] of Object.entries(messages)) {
      expect(entry.message.trim(), key).not.toBe('');
      expect(entry.description?.trim(), key).toBeTruthy();
      expect(key, 'chrome.i18n keys are [A-Za-z0-9_]').toMatch(/^[A-Za-z0-9_]+$/);
    }
  });

  it('has error_<code> for every error code', () => {
    for (const code of ERROR_CODES) expect(en, code).toHaveProperty(`error_${code}`);
  });

  it('has the keys the background needs', () => {
    for (const key of BACKGROUND_KEYS) expect(en, key).toHaveProperty(key);
  });

  it('has every key the sources use', () => {
    const used = keysUsedInSources();
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter(([key]) => !(key in en)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it.each(locales)('%s: placeholders are declared, used and numbered', (_lang, messages) => {
    for (const [key, entry] of Object.entries(messages)) {
      const declared = Object.keys(entry.placeholders ?? {});
      for (const name of declared) {
        expect(name, `${key}: placeholder names are lower case`).toBe(name.toLowerCase());
        expect(entry.placeholders![name]!.content, `${key}.${name}`).toMatch(/^\$[1-9]$/);
      }
      const used = placeholdersIn(entry.message);
      for (const name of used) expect(declared, `${key} uses $${name.toUpperCase()}$`).toContain(name);
      for (const name of declared) expect(used, `${key} declares ${name}`).toContain(name);
      // A lone "$" would be read as a placeholder start by Chrome; it must be "$$".
      expect(entry.message.replace(/\$\$|\$[A-Za-z0-9_@]+\$/g, ''), key).not.toContain('$');
    }
  });

  it('placeholders match between languages', () => {
    for (const [key, entry] of Object.entries(en)) {
      const other = ptBR[key]!;
      expect(placeholdersIn(other.message), key).toEqual(placeholdersIn(entry.message));
      const contents = (e: typeof entry) =>
        Object.fromEntries(Object.entries(e.placeholders ?? {}).map(([name, p]) => [name, p.content]));
      expect(contents(other), key).toEqual(contents(entry));
    }
  });

  it('the manifest names resolve', () => {
    const manifest = readFileSync(path.resolve(root, 'manifest.json'), 'utf8');
    for (const match of manifest.matchAll(/__MSG_(\w+)__/g)) expect(en, match[1]).toHaveProperty(match[1]!);
  });
});
