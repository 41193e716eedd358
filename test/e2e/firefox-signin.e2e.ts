import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CLIENT_ID, SIM_USER } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';
import type { ExtensionGlobal } from './harness/extension-global';
import { configureClientId, expectSignInSurvivesRestart, tokenLog as tokenLogOf } from './harness/sign-in';
import { launchFirefox, type FirefoxExtension } from './harness/firefox';
import { DIST_FIREFOX, resolveDist } from './harness/paths';
import { waitForValue } from './harness/popup-rows';
import { jobRecords } from './harness/stored-jobs';

/**
 * Sign-in in Firefox, end to end: the production build (dist/firefox) in headless Firefox ESR,
 * MSAL in the event page, browser.identity.launchWebAuthFlow reaching the simulator's
 * login.microsoftonline.com through its proxy. The event page is suspended after
 * IDLE_TIMEOUT_MS without events, so one test can check that the token cache survives a restart
 * (sign-in.md "The token cache trap") and that MSAL is loaded only when a token is asked for.
 *
 * Firefox's launchWebAuthFlow first requests the authorize URL itself and opens a window only
 * if that does not redirect straight to the redirect URI. The simulator redirects at once unless
 * told to hold sign-ins at its sign-in page (the last test), so most flows here open no window,
 * interactive or not; with Microsoft's real page a window opens for every interactive sign-in.
 * The tests run in order and build on each other.
 */

/** Short, so a restart can be waited for; sign-in keeps the page alive while its flow runs. */
const IDLE_TIMEOUT_MS = 3_000;
/** Under MSAL's 5-minute renewal margin: every silent call must redeem the refresh token. */
const ACCESS_TOKEN_LIFETIME_MS = 4 * 60 * 1000;
const MSAL_CHUNK = 'src/firefox-background/msal-auth.js';
const AUTHORIZE_PAGE = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';

/** Firefox's redirect URL: https://<sha1 of the add-on id>.extensions.allizom.org/ */
async function redirectUriOf(dist: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const hash = createHash('sha1').update(manifest.browser_specific_settings.gecko.id).digest('hex');
  return `https://${hash}.extensions.allizom.org/`;
}

/** What the spy notes of each launchWebAuthFlow call (not the URL's state, nonce or challenge). */
interface SignInWindowCall {
  interactive: boolean;
  origin: string;
  path: string;
  prompt: string | null;
}

type Spied = ExtensionGlobal & {
  browser: {
    identity: {
      getRedirectURL(): string;
      launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string>;
    };
    windows: { onCreated: { addListener(listener: (w: { id?: number; type?: string }) => void): void } };
  };
  __e2eLaunches?: SignInWindowCall[];
  __e2eWindows?: string[];
  __e2eBackground?: Window;
};
type SpiedBackground = Window & Spied & { __e2eSpied?: boolean };

let sim: Simulator;
let firefox: FirefoxExtension;
let redirectUri: string;

beforeAll(async () => {
  const dist = resolveDist(DIST_FIREFOX);
  redirectUri = await redirectUriOf(dist);
  sim = await startSimulator({
    identity: { redirectUris: [redirectUri], accessTokenLifetimeMs: ACCESS_TOKEN_LIFETIME_MS },
  });
  firefox = await launchFirefox({ sim, dist, prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });
});

afterAll(async () => {
  await firefox?.close();
  await sim?.close();
});

/**
 * Records the event page's launchWebAuthFlow calls (calling through) and every window the
 * browser opens, from the probe page. A restarted event page needs a new call.
 */
async function watchSignInWindows(): Promise<void> {
  await (
    await firefox.probe()
  ).evaluate(async () => {
    const g = globalThis as unknown as Spied;
    if (!g.__e2eLaunches) {
      g.__e2eLaunches = [];
      g.__e2eWindows = [];
      g.browser.windows.onCreated.addListener((w) => g.__e2eWindows?.push(`${w.id ?? '?'} ${w.type ?? '?'}`));
    }
    const log = g.__e2eLaunches;
    const background = (await g.browser.runtime.getBackgroundPage()) as unknown as SpiedBackground;
    if (background.__e2eSpied) return;
    background.__e2eSpied = true;
    const identity = background.browser.identity;
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
}

const signInWindowCalls = async (): Promise<SignInWindowCall[]> =>
  (await firefox.probe()).evaluate(() => [...((globalThis as unknown as Spied).__e2eLaunches ?? [])]);
const windowsOpened = async (): Promise<string[]> =>
  (await firefox.probe()).evaluate(() => [...((globalThis as unknown as Spied).__e2eWindows ?? [])]);

/** Keeps a reference to the running event page's window, to tell later whether it was suspended. */
async function markEventPage(): Promise<void> {
  await (
    await firefox.probe()
  ).evaluate(async () => {
    const g = globalThis as unknown as Spied;
    g.__e2eBackground = await g.browser.runtime.getBackgroundPage();
  });
}

/** True once the marked event page is gone (Firefox nukes a suspended page: "can't access dead object"). Wakes nothing. */
const markedEventPageGone = async (): Promise<boolean> =>
  (await firefox.probe()).evaluate(() => {
    try {
      return (globalThis as unknown as Spied).__e2eBackground?.document.readyState === undefined;
    } catch {
      return true;
    }
  });

/**
 * Whether the running (or woken) event page has started loading MSAL. Resource timing has no
 * entries for moz-extension scripts, so this looks for what the loader (load-msal.ts) does right
 * before its dynamic import, and nowhere else: the cookie shim on the page's document.
 */
const msalLoaded = async (): Promise<boolean> =>
  (await firefox.probe()).evaluate(async () => {
    const background = await (globalThis as unknown as Spied).browser.runtime.getBackgroundPage();
    return Object.getOwnPropertyDescriptor(background.document, 'cookie') !== undefined;
  });

/** The files a page of the build loads statically (script tags, modulepreload, static imports). */
async function staticallyLoaded(dist: string, page: string): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(path.join(dist, file), 'utf8');
    const refs = [
      ...text.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g),
      // Minified static imports: `from"./x.js"` and `import"./x.js"`; not `import(...)`.
      ...text.matchAll(/(?:from|import)\s*"(\.{0,2}\/[^"]+\.js)"/g),
    ].map((m) => m[1]!);
    for (const ref of refs) {
      await visit(ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(file), ref));
    }
  };
  await visit(page);
  return [...seen].filter((f) => f.endsWith('.js'));
}

/** Every value the event page keeps in localStorage (MSAL's cache and the cookie shim's jar). */
const eventPageLocalStorage = async (): Promise<string> =>
  (await firefox.probe()).evaluate(async () => {
    const background = await (globalThis as unknown as Spied).browser.runtime.getBackgroundPage();
    return Object.entries(background.localStorage)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n');
  });

const tokenLog = (): string[] => tokenLogOf(sim);

describe('sign-in in Firefox (MSAL in the event page + launchWebAuthFlow)', () => {
  it('builds MSAL as a chunk of its own that the event page does not load at start', async () => {
    const dist = resolveDist(DIST_FIREFOX);
    const manifest = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8')) as {
      background: { page?: string; scripts?: string[] };
    };
    expect(manifest.background).toEqual({ page: 'src/firefox-background/background.html' });
    const atStart = await staticallyLoaded(dist, manifest.background.page!);
    expect(atStart).toContain('src/firefox-background/background.js');
    expect(atStart).not.toContain(MSAL_CHUNK);
    // A method name of MSAL's client (class names do not survive minification).
    const marker = 'acquireTokenRedirect';
    expect((await readFile(path.join(dist, MSAL_CHUNK), 'utf8')).includes(marker)).toBe(true);
    for (const file of atStart) {
      expect((await readFile(path.join(dist, file), 'utf8')).includes(marker), file).toBe(false);
    }
    const gzip = async (files: string[]) => {
      let total = 0;
      for (const f of files) total += gzipSync(await readFile(path.join(dist, f))).length;
      return total;
    };
    console.log(
      `[firefox] event page at start: ${atStart.join(', ')} = ${await gzip(atStart)} B gzip; ${MSAL_CHUNK} on demand: ${await gzip([MSAL_CHUNK])} B gzip`,
    );
  });

  it('signs in from an extension page with one authorize request, and the token comes', async () => {
    expect(
      await (await firefox.probe()).evaluate(() => (globalThis as unknown as Spied).browser.identity.getRedirectURL()),
    ).toBe(redirectUri);
    // Not configured yet: the command says so and nothing reaches the identity platform.
    expect(await firefox.send({ type: 'signIn' })).toEqual({ ok: false, error: { code: 'signInNotConfigured' } });
    expect(sim.identity.authorizeRequests).toEqual([]);
    expect(await msalLoaded()).toBe(false);

    await configureClientId(firefox);
    await watchSignInWindows();

    const started = Date.now();
    const signedIn = await firefox.send({ type: 'signIn' });
    const took = Date.now() - started;
    expect(signedIn).toEqual({ ok: true, data: { username: SIM_USER.preferredUsername } });
    console.log(`[firefox] sign-in round trip (MSAL loaded on demand): ${took} ms`);

    // One interactive authorize with our redirect URI, one PKCE code redemption from our origin.
    expect(sim.identity.authorizeRequests).toMatchObject([
      { tenant: 'common', clientId: SIM_CLIENT_ID, redirectUri, prompt: 'select_account', outcome: 'code' },
    ]);
    expect(sim.identity.authorizeRequests[0]?.scopes).toEqual(
      expect.arrayContaining(['openid', 'profile', 'offline_access', 'Files.ReadWrite']),
    );
    expect(sim.identity.tokenRequests).toMatchObject([
      { grantType: 'authorization_code', status: 200, clientId: SIM_CLIENT_ID, origin: firefox.origin },
    ]);
    expect(await signInWindowCalls()).toEqual([
      {
        interactive: true,
        origin: 'https://login.microsoftonline.com',
        path: '/common/oauth2/v2.0/authorize',
        prompt: 'select_account',
      },
    ]);

    // A token without a window: the refresh token (the access token is inside the renewal margin).
    expect(await firefox.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: true, state: 'signedIn' },
    });
    expect(tokenLog()).toEqual(['authorization_code 200', 'refresh_token 200']);
    expect(await msalLoaded()).toBe(true);
    // Only the simulator's redirect reached the window logic: no window was opened.
    expect(await windowsOpened()).toEqual([]);
  });

  it('stays signed in after the event page is suspended, with no new authorize request; MSAL loads only when asked', async () => {
    await markEventPage();
    const suspendedAfter = Date.now();
    await waitForValue(markedEventPageGone, (gone) => gone, {
      timeout: 30_000 + IDLE_TIMEOUT_MS,
      what: 'the event page to be suspended',
      interval: 250,
    });
    console.log(`[firefox] event page suspended ${Date.now() - suspendedAfter} ms after its last event`);

    // Woken by a command that needs no token: MSAL is not even parsed.
    expect(await firefox.send({ type: 'pollNow' })).toEqual({ ok: true, data: null });
    expect(await msalLoaded()).toBe(false);

    // The new page finds MSAL's cache (account and refresh token) and renews without a window.
    const started = Date.now();
    expect(await firefox.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: true, state: 'signedIn' },
    });
    console.log(`[firefox] silent token after a restart (MSAL loaded on demand): ${Date.now() - started} ms`);
    expect(await msalLoaded()).toBe(true);
    expect(sim.identity.authorizeRequests).toHaveLength(1);
    expect(tokenLog()).toEqual(['authorization_code 200', 'refresh_token 200', 'refresh_token 200']);

    // The cache is encrypted (its key in the cookie shim's jar); no token is stored in the clear,
    // and none in the extension's storage.
    const local = await eventPageLocalStorage();
    expect(local).toContain('copy-progress.cookies=');
    expect(local).not.toContain('simAT.');
    expect(JSON.stringify(await firefox.storage())).not.toContain('simAT.');
  });

  it('answers "not signed in" after one invisible prompt=none once the refresh token expired and there is no session: no loop, no window', async () => {
    await watchSignInWindows();
    const launchesBefore = (await signInWindowCalls()).length;
    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    const pagesBefore = (await firefox.browser.pages()).length;
    sim.identity.expireRefreshTokens();
    sim.identity.endSession();

    expect(await firefox.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: false, state: 'needsSignIn' },
    });
    expect(sim.identity.authorizeRequests.slice(authorizeBefore)).toMatchObject([
      { clientId: SIM_CLIENT_ID, redirectUri, prompt: 'none', outcome: 'interaction_required' },
    ]);
    expect(tokenLog().slice(tokensBefore)).toEqual(['refresh_token 400 700084']);
    expect((await signInWindowCalls()).slice(launchesBefore)).toEqual([
      {
        interactive: false,
        origin: 'https://login.microsoftonline.com',
        path: '/common/oauth2/v2.0/authorize',
        prompt: 'none',
      },
    ]);

    // Nothing keeps trying on its own.
    await new Promise((r) => setTimeout(r, 3_000));
    // Asking again does not try again: the stored account now says the user must sign in,
    // and the toolbar badge says so.
    expect(await firefox.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: false, state: 'needsSignIn' },
    });
    expect(await firefox.badge()).toMatchObject({ text: '?', color: [138, 90, 0, 255] });
    expect(sim.identity.authorizeRequests).toHaveLength(authorizeBefore + 1);
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore + 1);
    expect(await windowsOpened()).toEqual([]);
    expect(await firefox.browser.pages()).toHaveLength(pagesBefore);
  });

  it('answers signInCancelled when the user declines, keeps tracking and polling copies, and a later sign-in works', async () => {
    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    sim.identity.cancelSignIns();
    expect(await firefox.send({ type: 'signIn' })).toEqual({ ok: false, error: { code: 'signInCancelled' } });
    expect(sim.identity.authorizeRequests.slice(authorizeBefore)).toMatchObject([
      { prompt: 'select_account', outcome: 'access_denied' },
    ]);
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore);

    // The background goes on with its main job.
    const job = sim.createJob({ host: 'business', durationMs: 3_000 });
    const tracked = await firefox.send({ type: 'trackJob', url: job.monitorUrl, name: 'After a cancelled sign-in' });
    expect(tracked).toMatchObject({ ok: true });
    const done = await waitForValue(
      async () => jobRecords(await firefox.storage()).find((j) => j.name === 'After a cancelled sign-in'),
      (j) => j?.phase === 'completed',
      { timeout: 30_000, what: 'the job to complete' },
    );
    expect(done?.percent).toBe(100);
    const polls = sim.requests.filter((r) => r.jobId === job.id);
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.filter((r) => r.hasAuthorization || r.hasCookie)).toEqual([]);

    sim.identity.cancelSignIns(false);
    expect(await firefox.send({ type: 'signIn' })).toEqual({
      ok: true,
      data: { username: SIM_USER.preferredUsername },
    });
    expect(await firefox.send({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: true, state: 'signedIn' },
    });
    expect(await windowsOpened()).toEqual([]);
  });

  it('shows a sign-in window while Microsoft shows its page, keeps the event page alive meanwhile; closing it answers signInCancelled, and a later sign-in works', async () => {
    await watchSignInWindows();
    const launchesBefore = (await signInWindowCalls()).length;
    const windowsBefore = (await windowsOpened()).length;
    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    sim.identity.holdSignIns();
    await markEventPage();
    const answer = firefox.send({ type: 'signIn' });
    const opened = await waitForValue(
      async () => (await firefox.browser.pages()).find((page) => page.url().startsWith(`${AUTHORIZE_PAGE}?`)),
      (page) => page !== undefined,
      { timeout: 20_000, what: 'the sign-in window' },
    );
    // The window detector used above sees it: a popup window.
    expect((await windowsOpened()).slice(windowsBefore)).toEqual([expect.stringMatching(/ popup$/)]);

    // The user takes their time: longer than twice the idle timeout, and the page is not suspended.
    await new Promise((r) => setTimeout(r, 2 * IDLE_TIMEOUT_MS + 1_000));
    expect(await markedEventPageGone()).toBe(false);
    await opened!.close();
    expect(await answer).toEqual({ ok: false, error: { code: 'signInCancelled' } });
    expect(await markedEventPageGone()).toBe(false);

    // Firefox asks for the authorize URL itself first (to skip the window when it redirects at
    // once), then loads it in the window: two requests for one sign-in, no token.
    expect(sim.identity.authorizeRequests.slice(authorizeBefore)).toMatchObject([
      { prompt: 'select_account', outcome: 'sign_in_page' },
      { prompt: 'select_account', outcome: 'sign_in_page' },
    ]);
    expect(sim.identity.tokenRequests).toHaveLength(tokensBefore);
    expect((await signInWindowCalls()).slice(launchesBefore)).toMatchObject([
      { interactive: true, prompt: 'select_account' },
    ]);

    // MSAL is not left "in interaction": the next sign-in goes through.
    sim.identity.holdSignIns(false);
    expect(await firefox.send({ type: 'signIn' })).toEqual({
      ok: true,
      data: { username: SIM_USER.preferredUsername },
    });
  });

  it('stays signed in when Firefox restarts: same profile, a silent token, no sign-in window', async () => {
    await expectSignInSurvivesRestart(sim, (profile) => launchFirefox({ sim, profile }));
  });
});
