// Chrome offscreen document (reason LOCAL_STORAGE): hosts MSAL, which cannot run in the service
// worker. It has only chrome.runtime, so the worker opens the sign-in window for it.
import browser from 'webextension-polyfill';
import { installCookieShim } from '../auth/cookie-shim';
import { createMsalAuth } from '../auth/msal-auth';
import { LaunchAnswerSchema, OffscreenRequestSchema, type OffscreenAnswer } from '../core/auth-protocol';

// Before MSAL exists: its cache key lives in a cookie this page would otherwise lose.
installCookieShim(document, localStorage);

const auth = createMsalAuth(async (url, interactive) => {
  const reply: unknown = await browser.runtime.sendMessage({
    target: 'worker',
    kind: 'launchWebAuthFlow',
    url,
    interactive,
  });
  const parsed = LaunchAnswerSchema.safeParse(reply);
  if (!parsed.success) throw new Error('no answer from the background');
  if (!parsed.data.ok) throw new Error(parsed.data.detail);
  return parsed.data.redirectUrl;
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Every extension context gets every message: answer only the worker's requests for us.
  if (sender.id !== browser.runtime.id) return undefined;
  const parsed = OffscreenRequestSchema.safeParse(message);
  if (!parsed.success) return undefined;
  const { kind, config } = parsed.data;
  const run = (): Promise<OffscreenAnswer> =>
    kind === 'signIn' ? auth.signIn(config) : kind === 'getToken' ? auth.getToken(config) : auth.signOut(config);
  return run().catch((error: unknown): OffscreenAnswer => ({
    ok: false,
    failure: 'failed',
    detail: error instanceof Error ? error.name : 'unknown',
  }));
});
