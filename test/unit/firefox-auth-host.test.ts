// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COOKIE_SHIM_KEY } from '../../src/auth/cookie-shim';
import type { LaunchWebAuthFlow, MsalAuth } from '../../src/auth/msal-auth';
import { createFirefoxAuthHost, type FirefoxAuthApi } from '../../src/firefox-background/auth-host-firefox';
import { loadMsalAuth } from '../../src/firefox-background/load-msal';
import { defaultSettings } from '../../src/core/settings';
import { IdentityPlatform, identityRouteOf, SIM_CLIENT_ID, SIM_USER } from '../simulator/identity';

/**
 * The Firefox sign-in host with the real MSAL (happy-dom gives it the DOM the event page has)
 * against the simulator's identity platform in-process: `fetch` to login.microsoftonline.com
 * goes to it, and `identity.launchWebAuthFlow` follows its /authorize redirect the way Firefox
 * does (it resolves with the URL once a redirect reaches the redirect URI). Each test scripts
 * what the browser's sign-in window does instead.
 */

const UUID = '6f1b7c1e-8d3a-4c55-9f1e-2b7a0d1c9e42';
const ORIGIN = `moz-extension://${UUID}`;
const REDIRECT = 'https://a5b4c3d2e1f00112233445566778899aabbccdd.extensions.allizom.org/';
const LOGIN = 'https://login.microsoftonline.com/';
/** Under MSAL's 5-minute renewal margin: every silent call must redeem the refresh token. */
const ACCESS_TOKEN_LIFETIME_MS = 4 * 60 * 1000;

let identity: IdentityPlatform;

/** What the simulator answers to a browser GET of `url` (an /authorize URL). */
function authorize(url: string): { status: number; location: string | null } {
  const parsed = new URL(url);
  const route = identityRouteOf(parsed.pathname);
  if (route === null) throw new Error(`not an identity route: ${parsed.pathname}`);
  const answer = identity.handle(route, { method: 'GET', url: parsed, headers: {}, body: '' });
  return { status: answer.status, location: answer.headers['location'] ?? null };
}

/** Firefox's launchWebAuthFlow when the authority redirects at once (the simulator always does). */
async function followRedirect({ url }: { url: string; interactive: boolean }): Promise<string> {
  const { location } = authorize(url);
  if (location === null || !location.startsWith(REDIRECT)) throw new Error('Requires user interaction');
  return location;
}

function fakeBrowser(clientId: string | null = SIM_CLIENT_ID) {
  const launchWebAuthFlow = vi.fn<(details: { url: string; interactive: boolean }) => Promise<unknown>>(followRedirect);
  const api = {
    identity: { launchWebAuthFlow, getRedirectURL: () => REDIRECT },
    storage: { local: { get: async (key: string) => ({ [key]: { ...defaultSettings(), clientId } }) } },
  } satisfies FirefoxAuthApi;
  return { api, launchWebAuthFlow };
}

/** The real loader (cookie shim, then a dynamic import of MSAL), counted. */
const countedLoader = () => vi.fn(loadMsalAuth);

beforeEach(() => {
  identity = new IdentityPlatform(Date.now, {
    redirectUris: [REDIRECT],
    accessTokenLifetimeMs: ACCESS_TOKEN_LIFETIME_MS,
  });
  localStorage.clear();
  sessionStorage.clear();
  // MSAL's token requests reach the simulator, sent from the event page's origin.
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const route = identityRouteOf(url.pathname);
      if (!url.href.startsWith(LOGIN) || route === null) throw new TypeError('NetworkError: not the identity platform');
      const answer = identity.handle(route, {
        method: init.method ?? 'GET',
        url,
        headers: { origin: ORIGIN },
        body: typeof init.body === 'string' ? init.body : '',
      });
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }),
  );
});

/** What a suspended and restarted event page starts with: no shim, and Firefox kept no cookies. */
function restartDocument(): void {
  delete (document as unknown as { cookie?: string }).cookie;
  for (const pair of document.cookie.split('; ')) {
    const name = pair.split('=')[0];
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  restartDocument();
});

const authorizePrompts = () => identity.authorizeRequests.map((r) => `${r.prompt} ${r.outcome}`);

describe('Firefox sign-in host (MSAL in the event page)', () => {
  it('does not load MSAL, or ask anything of Microsoft, until a client ID is configured', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser(null);
    const load = countedLoader();
    const host = createFirefoxAuthHost(api, load);
    expect(await host.signIn()).toEqual({ ok: false, failure: 'notConfigured' });
    expect(await host.acquireToken()).toEqual({ ok: false, failure: 'notConfigured' });
    expect(await host.getGraphToken()).toBeNull();
    await host.signOut();
    expect(load).not.toHaveBeenCalled();
    expect(launchWebAuthFlow).not.toHaveBeenCalled();
    expect(vi.mocked(fetch)).not.toHaveBeenCalled();
    // Not even the cookie shim: the document is untouched.
    expect(Object.getOwnPropertyDescriptor(document, 'cookie')).toBeUndefined();
  });

  it('signs in with one window, then renews silently; a restarted page finds the cache through the cookie shim', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const load = countedLoader();
    const host = createFirefoxAuthHost(api, load);
    expect(await host.signIn()).toEqual({ ok: true, username: SIM_USER.preferredUsername });
    expect(launchWebAuthFlow).toHaveBeenCalledTimes(1);
    expect(launchWebAuthFlow.mock.calls[0]?.[0]).toMatchObject({ interactive: true });
    expect(authorizePrompts()).toEqual(['select_account code']);
    // The shim holds MSAL's cache key (set while MSAL initialised).
    expect(Object.getOwnPropertyDescriptor(document, 'cookie')).toBeDefined();
    expect(localStorage.getItem(COOKIE_SHIM_KEY)).toContain('msal.cache.encryption');

    const token = await host.acquireToken();
    expect(token).toMatchObject({ ok: true, username: SIM_USER.preferredUsername });
    expect(await host.getGraphToken()).toMatch(/^simAT\./);
    expect(load).toHaveBeenCalledTimes(1);
    expect(launchWebAuthFlow).toHaveBeenCalledTimes(1);

    // The event page is suspended: a new host and MSAL instance, a document without the shim or cookies.
    restartDocument();
    const again = fakeBrowser();
    const restarted = createFirefoxAuthHost(again.api, countedLoader());
    expect(await restarted.acquireToken()).toMatchObject({ ok: true, username: SIM_USER.preferredUsername });
    expect(again.launchWebAuthFlow).not.toHaveBeenCalled();
    expect(identity.authorizeRequests).toHaveLength(1);
    expect(identity.tokenRequests.map((t) => `${t.grantType} ${t.status}`)).toEqual([
      'authorization_code 200',
      'refresh_token 200',
      'refresh_token 200',
      'refresh_token 200',
    ]);
  });

  it('reports a closed window as cancelled, and the next sign-in works (no "interaction in progress" left over)', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    // What Firefox rejects with when the user closes the window.
    launchWebAuthFlow.mockRejectedValueOnce(new Error('User cancelled or denied access.'));
    expect(await host.signIn()).toEqual({ ok: false, failure: 'cancelled' });
    expect(await host.acquireToken()).toEqual({ ok: false, failure: 'needsSignIn' });
    expect(await host.signIn()).toEqual({ ok: true, username: SIM_USER.preferredUsername });
    expect(launchWebAuthFlow).toHaveBeenCalledTimes(2);
  });

  it('reports a sign-in page that could not be shown as pageFailed, not as a cancel', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    // Chrome's words for an error page (unknown client ID, unregistered redirect URI) or no network.
    launchWebAuthFlow.mockRejectedValueOnce(new Error('Authorization page could not be loaded.'));
    expect(await host.signIn()).toEqual({ ok: false, failure: 'pageFailed' });
    launchWebAuthFlow.mockRejectedValueOnce(new Error('The user did not approve access.'));
    expect(await host.signIn()).toEqual({ ok: false, failure: 'cancelled' });
    expect(await host.signIn()).toEqual({ ok: true, username: SIM_USER.preferredUsername });
  });

  it("reports declining on Microsoft's page (access_denied) as cancelled, and the next sign-in works", async () => {
    const { api } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    identity.cancelSignIns();
    expect(await host.signIn()).toEqual({ ok: false, failure: 'cancelled' });
    identity.cancelSignIns(false);
    expect(await host.signIn()).toEqual({ ok: true, username: SIM_USER.preferredUsername });
    expect(authorizePrompts()).toEqual(['select_account access_denied', 'select_account code']);
  });

  it('treats malformed results of the window as failures, never as a token, and recovers from each', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    const onOtherHost = async (details: { url: string; interactive: boolean }): Promise<string> =>
      (await followRedirect(details)).replace(REDIRECT, 'https://evil.example/');
    const malformed: [string, (details: { url: string; interactive: boolean }) => Promise<unknown>][] = [
      ['undefined', async () => undefined],
      ['a number', async () => 42],
      ['an empty string', async () => ''],
      ['not a URL', async () => 'not a url'],
      ['the redirect URI without an answer', async () => REDIRECT],
      ['an answer for another request', async () => `${REDIRECT}#code=forged&state=forged`],
      ["the real answer, on someone else's host", onOtherHost],
    ];
    for (const [what, result] of malformed) {
      launchWebAuthFlow.mockImplementationOnce(result);
      expect(await host.signIn(), what).toEqual({ ok: false, failure: 'failed' });
    }
    // The code that went to another host was never redeemed.
    expect(identity.tokenRequests).toEqual([]);
    expect(await host.signIn()).toEqual({ ok: true, username: SIM_USER.preferredUsername });
    expect(identity.tokenRequests).toHaveLength(1);
  });

  it('renews with one invisible prompt=none attempt once the refresh token expired, never a window', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    expect(await host.signIn()).toMatchObject({ ok: true });

    // Still signed in at Microsoft: prompt=none brings a new code.
    identity.expireRefreshTokens();
    expect(await host.acquireToken()).toMatchObject({ ok: true });
    // Session gone too: one prompt=none, refused, and the answer is "sign in again".
    identity.expireRefreshTokens();
    identity.endSession();
    expect(await host.acquireToken()).toEqual({ ok: false, failure: 'needsSignIn' });

    expect(authorizePrompts()).toEqual(['select_account code', 'none code', 'none interaction_required']);
    expect(launchWebAuthFlow.mock.calls.map(([d]) => d.interactive)).toEqual([true, false, false]);
    expect(identity.tokenRequests.map((t) => `${t.grantType} ${t.status} ${t.errorCode ?? ''}`.trim())).toEqual([
      'authorization_code 200',
      'refresh_token 400 700084',
      'authorization_code 200',
      'refresh_token 400 700084',
    ]);
  });

  it('forgets the account on sign-out: no token, and no attempt to get one', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    expect(await host.signIn()).toMatchObject({ ok: true });
    await host.signOut();
    expect(await host.acquireToken()).toEqual({ ok: false, failure: 'needsSignIn' });
    expect(launchWebAuthFlow).toHaveBeenCalledTimes(1);
    expect(identity.tokenRequests).toHaveLength(1);
  });

  it('shares one window between two clicks on "sign in"', async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    const host = createFirefoxAuthHost(api, countedLoader());
    const [a, b] = await Promise.all([host.signIn(), host.signIn()]);
    expect(a).toEqual({ ok: true, username: SIM_USER.preferredUsername });
    expect(b).toEqual(a);
    expect(launchWebAuthFlow).toHaveBeenCalledTimes(1);
  });

  it('answers failed when MSAL cannot be loaded, and loads it again on the next call', async () => {
    const { api } = fakeBrowser();
    const load = vi
      .fn<(launch: LaunchWebAuthFlow) => Promise<MsalAuth>>()
      .mockRejectedValueOnce(new TypeError('error loading dynamically imported module'))
      .mockImplementation(loadMsalAuth);
    const host = createFirefoxAuthHost(api, load);
    expect(await host.signIn()).toEqual({ ok: false, failure: 'failed' });
    expect(await host.signIn()).toEqual({ ok: true, username: SIM_USER.preferredUsername });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("opens nothing but Microsoft's sign-in host, whatever MSAL asks for", async () => {
    const { api, launchWebAuthFlow } = fakeBrowser();
    let launch: LaunchWebAuthFlow | null = null;
    const host = createFirefoxAuthHost(api, async (given) => {
      launch = given;
      return loadMsalAuth(given);
    });
    expect(await host.signIn()).toMatchObject({ ok: true });
    expect(launch).not.toBeNull();
    for (const url of [
      'https://login.microsoftonline.com.evil.example/common/oauth2/v2.0/authorize',
      'https://evil.example/?https://login.microsoftonline.com/',
      'http://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      'moz-extension://other/page.html',
    ]) {
      await expect(launch!(url, true), url).rejects.toThrow('badUrl');
    }
    expect(launchWebAuthFlow).toHaveBeenCalledTimes(1);
    expect(launchWebAuthFlow.mock.calls.every(([d]) => d.url.startsWith(`${LOGIN}common/oauth2/v2.0/authorize?`))).toBe(
      true,
    );
  });
});
