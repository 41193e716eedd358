import { installCookieShim } from '../auth/cookie-shim';
import type { LaunchWebAuthFlow, MsalAuth } from '../auth/msal-auth';

/**
 * MSAL (about 70 KB gzip) in its own chunk, loaded on the first sign-in or token request: an
 * event page woken by a polling alarm or a popup command that needs no token never parses it.
 */
export async function loadMsalAuth(launch: LaunchWebAuthFlow): Promise<MsalAuth> {
  // Before MSAL exists: the key of its encrypted localStorage cache lives in a cookie, and
  // Firefox extension pages keep no cookies (sign-in.md "The token cache trap").
  installCookieShim(document, localStorage);
  const { createMsalAuth } = await import('../auth/msal-auth');
  return createMsalAuth(launch);
}
