import { createHash } from 'node:crypto';

/**
 * The extension's stable ids, which the sign-in redirect URIs are made of (register both on
 * the Microsoft app). Chrome's comes from the manifest `key`; Firefox's from the gecko id.
 */
export const CHROME_EXTENSION_ID = 'dfalffkeplnfbjbbidonkkdkmnlddnbc';
export const CHROME_REDIRECT_URI = `https://${CHROME_EXTENSION_ID}.chromiumapp.org/`;
export const FIREFOX_ADDON_ID = 'copy-progress@onedrive-copy-progress.dev';
export const FIREFOX_REDIRECT_URI = 'https://5814b9b51a4219f243d8945c3a49714f0ca70e32.extensions.allizom.org/';

/** Chrome's id for a public key (base64 DER): sha256, first 32 hex digits written with a-p. */
export function chromeIdOfKey(base64Key: string): string {
  return [...createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32)]
    .map((c) => String.fromCharCode(97 + parseInt(c, 16)))
    .join('');
}

/** Firefox's redirect host for an add-on id: the sha1 of the id in hex. */
export function firefoxRedirectOf(addonId: string): string {
  return `https://${createHash('sha1').update(addonId).digest('hex')}.extensions.allizom.org/`;
}
