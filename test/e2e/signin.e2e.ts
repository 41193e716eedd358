import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_REDIRECT_URI } from '../extension-ids';
import { SIM_CLIENT_ID, SIM_USER } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';
import { launchChromium, type ChromiumExtension } from './harness/chromium';
import type { ExtensionGlobal } from './harness/extension-global';

/**
 * Sign-in in Chrome, end to end: the production build (dist/chrome) in headless Chromium, MSAL in
 * the offscreen document, chrome.identity.launchWebAuthFlow opening the simulator's
 * login.microsoftonline.com (host-resolver-rules), which consents and redirects to
 * https://<id>.chromiumapp.org/. Then the offscreen document is closed and a token must still
 * come without a new sign-in (the token cache survived: sign-in.md "The token cache trap").
 */

// The manifest `key` pins the id, so the redirect URI is known before the browser starts.
const expectedId = CHROME_EXTENSION_ID;
const redirectUri = CHROME_REDIRECT_URI;

/** Under MSAL's 5-minute renewal margin: every silent call must redeem the refresh token. */
const ACCESS_TOKEN_LIFETIME_MS = 4 * 60 * 1000;

let sim: Simulator;
let chrome: ChromiumExtension;

type Api = ExtensionGlobal['chrome'] & {
  offscreen: { closeDocument(): Promise<void> };
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<{ documentUrl?: string }[]> };
};

const offscreenDocuments = (): Promise<string[]> =>
  chrome.inWorker(async () =>
    (
      await (globalThis as unknown as { chrome: Api }).chrome.runtime.getContexts({
        contextTypes: ['OFFSCREEN_DOCUMENT'],
      })
    ).map((c) => c.documentUrl ?? ''),
  );

beforeAll(async () => {
  sim = await startSimulator({
    identity: { redirectUris: [redirectUri], accessTokenLifetimeMs: ACCESS_TOKEN_LIFETIME_MS },
  });
  chrome = await launchChromium({ sim });
});

afterAll(async () => {
  await chrome?.close();
  await sim?.close();
});

describe('sign-in in Chrome (offscreen document + launchWebAuthFlow)', () => {
  it('signs in interactively, then gets tokens silently after the offscreen document is recreated', async () => {
    expect(chrome.extensionId).toBe(expectedId);
    // Not configured yet: the command says so and nothing reaches the identity platform.
    expect(await chrome.send({ type: 'signIn' })).toEqual({ ok: false, error: { code: 'signInNotConfigured' } });

    await (
      await chrome.probe()
    ).evaluate(
      (clientId) =>
        (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({
          settings: {
            v: 1,
            clientId,
            tenant: 'common',
            useAllFilesScope: false,
            notifyOn: { completed: true, failed: true, expired: true },
            pollWhilePopupClosed: true,
          },
        }),
      SIM_CLIENT_ID,
    );

    const signedIn = await chrome.send({ type: 'signIn' });
    expect(signedIn).toEqual({ ok: true, data: { username: SIM_USER.preferredUsername } });

    // One interactive authorize with our redirect URI, one PKCE code redemption from our origin.
    expect(sim.identity.authorizeRequests).toMatchObject([
      { tenant: 'common', clientId: SIM_CLIENT_ID, redirectUri, prompt: 'select_account', outcome: 'code' },
    ]);
    expect(sim.identity.authorizeRequests[0]?.scopes).toEqual(
      expect.arrayContaining(['openid', 'profile', 'offline_access', 'Files.ReadWrite']),
    );
    expect(sim.identity.tokenRequests).toMatchObject([
      { grantType: 'authorization_code', status: 200, clientId: SIM_CLIENT_ID, origin: chrome.origin },
    ]);
    expect(await offscreenDocuments()).toEqual([`${chrome.origin}/src/offscreen/offscreen.html`]);

    // Silent while the document lives: the refresh token (access token is inside the renewal margin).
    expect(await chrome.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: true, state: 'signedIn' },
    });
    expect(sim.identity.tokenRequests.map((t) => `${t.grantType} ${t.status}`)).toEqual([
      'authorization_code 200',
      'refresh_token 200',
    ]);

    // Close the offscreen document: its MSAL instance and memory are gone.
    await chrome.inWorker(() => (globalThis as unknown as { chrome: Api }).chrome.offscreen.closeDocument());
    expect(await offscreenDocuments()).toEqual([]);

    // A new document must find the cache (accounts and refresh token) and renew without a window.
    expect(await chrome.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: true, state: 'signedIn' },
    });
    expect(await offscreenDocuments()).toHaveLength(1);
    expect(sim.identity.authorizeRequests).toHaveLength(1);
    expect(sim.identity.tokenRequests.map((t) => `${t.grantType} ${t.status}`)).toEqual([
      'authorization_code 200',
      'refresh_token 200',
      'refresh_token 200',
    ]);
  });
});
