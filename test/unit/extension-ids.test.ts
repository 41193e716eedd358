import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHROME_EXTENSION_ID,
  FIREFOX_ADDON_ID,
  FIREFOX_REDIRECT_URI,
  chromeIdOfKey,
  firefoxRedirectOf,
} from '../extension-ids';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('stable extension ids (the sign-in redirect URIs depend on them)', () => {
  it('the manifest key gives the Chrome id the README and tests name', () => {
    const key = manifest['{{chrome}}.key'];
    expect(typeof key).toBe('string');
    expect(chromeIdOfKey(key as string)).toBe(CHROME_EXTENSION_ID);
    expect(readme).toContain(`https://${CHROME_EXTENSION_ID}.chromiumapp.org/`);
  });
  it('the gecko id gives the Firefox redirect URI the README names', () => {
    const gecko = (manifest['{{firefox}}.browser_specific_settings'] as { gecko: { id: string } }).gecko;
    expect(gecko.id).toBe(FIREFOX_ADDON_ID);
    expect(firefoxRedirectOf(FIREFOX_ADDON_ID)).toBe(FIREFOX_REDIRECT_URI);
    expect(readme).toContain(FIREFOX_REDIRECT_URI);
  });
});
