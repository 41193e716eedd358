// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { COOKIE_SHIM_KEY, installCookieShim } from '../../src/auth/cookie-shim';

describe('cookie shim (MSAL cache key survives a new offscreen document)', () => {
  it('keeps cookies in localStorage, reads them back in a fresh document, and deletes on a past expiry', () => {
    localStorage.clear();
    installCookieShim(document, localStorage);
    document.cookie = 'msal.cache.encryption={"id":"k1","key":"abc"}; Path=/; Secure; SameSite=None';
    document.cookie = 'other=1';
    expect(document.cookie).toBe('msal.cache.encryption={"id":"k1","key":"abc"}; other=1');

    // A second document (the offscreen page recreated) sees the same jar.
    const fresh = document.implementation.createHTMLDocument('again');
    installCookieShim(fresh, localStorage);
    expect(fresh.cookie).toContain('msal.cache.encryption={"id":"k1","key":"abc"}');

    fresh.cookie = 'other=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    expect(fresh.cookie).toBe('msal.cache.encryption={"id":"k1","key":"abc"}');
  });

  it('survives a corrupt jar instead of throwing', () => {
    localStorage.setItem(COOKIE_SHIM_KEY, '{not json');
    installCookieShim(document, localStorage);
    expect(document.cookie).toBe('');
    document.cookie = 'a=b';
    expect(document.cookie).toBe('a=b');
  });
});
