import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_REDIRECT_URI } from '../extension-ids';
import { SIM_CLIENT_ID, SIM_USER } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';
import { launchChromium, type ChromiumExtension } from './harness/chromium';
import type { ExtensionGlobal } from './harness/extension-global';
import { configureClientId, expectSignInSurvivesRestart, tokenLog as tokenLogOf } from './harness/sign-in';

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
/** Every page the browser opened since launch (a sign-in window is one), by URL origin and path. */
const pagesOpened: string[] = [];

type Api = ExtensionGlobal['chrome'] & {
  offscreen: { closeDocument(): Promise<void> };
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<{ documentUrl?: string }[]> };
  identity: { launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined> };
  windows: { getAll(): Promise<{ id?: number; type?: string }[]> };
};

/** What the spy notes of each launchWebAuthFlow call (not the URL's state, nonce or challenge). */
interface SignInWindowCall {
  interactive: boolean;
  origin: string;
  path: string;
  prompt: string | null;
}
type SpiedWorker = { chrome: Api; __e2eLaunches?: SignInWindowCall[] };

/** Records the worker's launchWebAuthFlow calls, calling through. A restarted worker needs a new call. */
const watchSignInWindows = (): Promise<void> =>
  chrome.inWorker(() => {
    const g = globalThis as unknown as SpiedWorker;
    if (g.__e2eLaunches) return;
    const log: SignInWindowCall[] = [];
    g.__e2eLaunches = log;
    const identity = g.chrome.identity;
    const launch = identity.launchWebAuthFlow.bind(identity);
    // Assigned to a member, not declared: keepNames leaves such functions alone.
    const descriptor: PropertyDescriptor = { configurable: true, writable: true };
    descriptor.value = (details: { url: string; interactive: boolean }) => {
      const url = new URL(details.url);
      log.push({
        interactive: details.interactive,
        origin: url.origin,
        path: url.pathname,
        prompt: url.searchParams.get('prompt'),
      });
      return launch(details);
    };
    Object.defineProperty(identity, 'launchWebAuthFlow', descriptor);
  });
const signInWindowCalls = (): Promise<SignInWindowCall[]> =>
  chrome.inWorker(() => [...((globalThis as unknown as SpiedWorker).__e2eLaunches ?? [])]);
const windowTypes = (): Promise<string[]> =>
  chrome.inWorker(async () =>
    (await (globalThis as unknown as SpiedWorker).chrome.windows.getAll()).map((w) => w.type ?? '?'),
  );
const tokenLog = (): string[] => tokenLogOf(sim);
const AUTHORIZE_PAGE = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';

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
  chrome.context.on('page', (page) => {
    const url = new URL(page.url());
    pagesOpened.push(`${url.origin}${url.pathname}`);
  });
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

    await configureClientId(chrome);

    const started = Date.now();
    const signedIn = await chrome.send({ type: 'signIn' });
    console.log(`[chrome] sign-in round trip (offscreen document created on demand): ${Date.now() - started} ms`);
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

  it('answers "not signed in" after one invisible prompt=none once the refresh token expired and there is no session: no loop, no window', async () => {
    await watchSignInWindows();
    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    const pagesBefore = pagesOpened.length;
    const windowsBefore = await windowTypes();
    sim.identity.expireRefreshTokens();
    sim.identity.endSession();

    expect(await chrome.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: false, state: 'needsSignIn' },
    });
    expect(sim.identity.authorizeRequests.slice(authorizeBefore)).toMatchObject([
      { clientId: SIM_CLIENT_ID, redirectUri, prompt: 'none', outcome: 'interaction_required' },
    ]);
    expect(tokenLog().slice(tokensBefore)).toEqual(['refresh_token 400 700084']);
    expect(await signInWindowCalls()).toEqual([
      {
        interactive: false,
        origin: 'https://login.microsoftonline.com',
        path: '/common/oauth2/v2.0/authorize',
        prompt: 'none',
      },
    ]);

    // Nothing keeps trying on its own, and nothing was shown.
    await new Promise((r) => setTimeout(r, 3_000));
    // Asking again does not try again: the stored account now says the user must sign in,
    // and the toolbar badge says so.
    expect(await chrome.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: false, state: 'needsSignIn' },
    });
    expect(await chrome.badge()).toMatchObject({ text: '?', color: [138, 90, 0, 255] });
    expect(sim.identity.authorizeRequests).toHaveLength(authorizeBefore + 1);
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore + 1);
    expect(pagesOpened.slice(pagesBefore)).toEqual([]);
    expect(await windowTypes()).toEqual(windowsBefore);
  });

  it('answers signInCancelled when the user closes the sign-in window, and a later sign-in works', async () => {
    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    const pagesBefore = pagesOpened.length;
    // Microsoft's page waits for the user: Chrome shows its sign-in window.
    sim.identity.holdSignIns();
    const answer = chrome.send({ type: 'signIn' });
    const window = await chrome.context.waitForEvent('page', {
      predicate: (page) => page.url().startsWith(`${AUTHORIZE_PAGE}?`),
      timeout: 20_000,
    });
    expect(await windowTypes()).toContain('popup');
    await window.close();
    expect(await answer).toEqual({ ok: false, error: { code: 'signInCancelled' } });
    expect(sim.identity.authorizeRequests.slice(authorizeBefore)).toMatchObject([
      { prompt: 'select_account', outcome: 'sign_in_page' },
    ]);
    expect(pagesOpened.slice(pagesBefore)).toEqual([AUTHORIZE_PAGE]);
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore);

    // MSAL is not left "in interaction": the next sign-in goes through.
    sim.identity.holdSignIns(false);
    expect(await chrome.send({ type: 'signIn' })).toEqual({ ok: true, data: { username: SIM_USER.preferredUsername } });
    expect(await chrome.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: true, state: 'signedIn' },
    });
  });

  it("answers signInCancelled when the user declines on Microsoft's page, and a later sign-in works", async () => {
    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    sim.identity.cancelSignIns();
    expect(await chrome.send({ type: 'signIn' })).toEqual({ ok: false, error: { code: 'signInCancelled' } });
    expect(sim.identity.authorizeRequests.slice(authorizeBefore)).toMatchObject([
      { prompt: 'select_account', outcome: 'access_denied' },
    ]);
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore);

    sim.identity.cancelSignIns(false);
    expect(await chrome.send({ type: 'signIn' })).toEqual({ ok: true, data: { username: SIM_USER.preferredUsername } });
    expect(tokenLog().slice(tokensBefore)).toEqual(['authorization_code 200']);
  });

  it('stays signed in when the browser restarts: same profile, a silent token, no sign-in window', async () => {
    await expectSignInSurvivesRestart(sim, (profile) => launchChromium({ sim, profile }));
  });

  it('a client ID Microsoft does not know is not reported as a cancel: the page could not be shown', async () => {
    const probe = await chrome.probe();
    const saved = await probe.evaluate(
      async () => (await (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get('settings'))['settings'],
    );
    await probe.evaluate(
      (settings) =>
        (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({
          settings: { ...(settings as object), clientId: '00000000-0000-4000-8000-000000000000' },
        }),
      saved,
    );
    try {
      expect(await chrome.send({ type: 'signIn' })).toEqual({ ok: false, error: { code: 'signInPageFailed' } });
    } finally {
      await probe.evaluate(
        (settings) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({ settings }),
        saved,
      );
    }
  });
});
