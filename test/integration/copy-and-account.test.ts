import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it } from 'vitest';
import type { AuthCommands, SignInResult, TokenAnswer } from '../../src/background/auth-host';
import { ACCOUNT_KEY } from '../../src/core/account';
import { createBackground, status } from './harness';

const MONITOR = 'https://contoso-my.sharepoint.com/_api/v2.0/monitor/COPY1';
const DRIVE = 'b!DRIVE';
const ROOT = '01ROOT';
const PHOTOS = '01PHOTOS';
const ARCHIVE = '01ARCHIVE';
const NEW_ITEM = '01NEWCOPY';
const item = (id: string, name: string, folder = true) => ({
  id,
  name,
  webUrl: `https://contoso-my.sharepoint.com/personal/adele/Documents/${encodeURIComponent(name)}`,
  parentReference: { driveId: DRIVE },
  ...(folder ? { folder: { childCount: 1 } } : { file: {} }),
});

/** A fake sign-in host: counts what it is asked; `expired` makes silent renewal fail. */
function fakeAuth(state: { signedIn?: boolean; expired?: boolean; cancel?: boolean } = {}) {
  const calls = { signIn: 0, acquireToken: 0, signOut: 0 };
  const auth: AuthCommands = {
    async signIn(): Promise<SignInResult> {
      calls.signIn++;
      if (state.cancel === true) return { ok: false, failure: 'cancelled' };
      state.signedIn = true;
      state.expired = false;
      return { ok: true, username: 'adele@contoso.example' };
    },
    async signOut() {
      calls.signOut++;
      state.signedIn = false;
    },
    async acquireToken(): Promise<TokenAnswer> {
      calls.acquireToken++;
      if (state.signedIn !== true || state.expired === true) return { ok: false, failure: 'needsSignIn' };
      return { ok: true, accessToken: 'TOKEN-abc', username: 'adele@contoso.example' };
    },
  };
  return { auth, calls, state };
}

type Route = (url: URL, init: RequestInit) => Response | undefined;

/** A scripted Graph: records every request (URL, method, Authorization) and answers from routes. */
function fakeGraph(routes: Route[]) {
  const requests: { url: string; method: string; authorization: string | null; body: string | null }[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const headers = new Headers(init.headers);
    requests.push({
      url: input,
      method: init.method ?? 'GET',
      authorization: headers.get('Authorization'),
      body: typeof init.body === 'string' ? init.body : null,
    });
    const url = new URL(input);
    for (const route of routes) {
      const answer = route(url, init);
      if (answer !== undefined) return answer;
    }
    return json({ error: { code: 'itemNotFound' } }, 404);
  };
  return { fetch, requests };
}
const json = (body: unknown, code = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: code, headers: { 'Content-Type': 'application/json', ...headers } });

const driveRoutes: Route[] = [
  (url) => (url.pathname === '/v1.0/me/drive/root' ? json(item(ROOT, 'root')) : undefined),
  (url) =>
    url.pathname === '/v1.0/me/drive/root/children'
      ? json({ value: [item(PHOTOS, 'Photos'), item('01NOTES', 'Notes.txt', false)] })
      : undefined,
  (url) => (url.pathname === `/v1.0/drives/${DRIVE}/items/${ARCHIVE}` ? json(item(ARCHIVE, 'Archive')) : undefined),
  (url) =>
    url.pathname === `/v1.0/drives/${DRIVE}/items/${NEW_ITEM}` ? json(item(NEW_ITEM, 'Photos copy')) : undefined,
];
const copyAccepted: Route = (url, init) =>
  init.method === 'POST' && url.pathname.endsWith('/copy')
    ? new Response(null, { status: 202, headers: { Location: MONITOR } })
    : undefined;

const START = {
  type: 'startCopy',
  source: { driveId: DRIVE, itemId: PHOTOS, name: 'Photos' },
  destination: { driveId: DRIVE, itemId: ARCHIVE, name: 'Archive' },
  newName: 'Photos copy',
  conflictBehavior: 'rename',
} as const;

/** The monitor: running twice, then completed with the new item's id. */
const monitor = (_url: string, call: number) =>
  call <= 2
    ? status({ status: 'inProgress', percentageComplete: call * 40 })
    : status({ status: 'completed', percentageComplete: 100, resourceId: NEW_ITEM });

describe('signing in, starting a copy and naming its result', () => {
  it('signs in, browses, starts one copy, tracks it with its labels and links the finished item', async () => {
    const { auth, calls } = fakeAuth();
    const graph = fakeGraph([...driveRoutes, copyAccepted]);
    const bg = createBackground(monitor, { auth, graphFetch: graph.fetch });

    expect(await bg.bg.run({ type: 'listFolder' })).toEqual({ ok: false, error: { code: 'signedOut' } });
    expect(graph.requests).toHaveLength(0);

    expect(await bg.bg.run({ type: 'signIn' })).toEqual({ ok: true, data: { username: 'adele@contoso.example' } });
    expect((await fakeBrowser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY]).toMatchObject({
      state: 'signedIn',
      username: 'adele@contoso.example',
    });

    const listing = await bg.bg.run({ type: 'listFolder' });
    expect(listing).toEqual({
      ok: true,
      data: {
        folder: { driveId: DRIVE, itemId: ROOT, name: 'root', isFolder: true },
        items: [
          { driveId: DRIVE, itemId: PHOTOS, name: 'Photos', isFolder: true },
          { driveId: DRIVE, itemId: '01NOTES', name: 'Notes.txt', isFolder: false },
        ],
        nextLink: null,
      },
    });

    const started = await bg.bg.run(START);
    expect(started).toEqual({ ok: true, data: { jobId: expect.any(String), synchronous: false } });
    // The same Start again (a double click) starts nothing.
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'copyAlreadyStarted' } });
    const posts = graph.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe(
      `https://graph.microsoft.com/v1.0/drives/${encodeURIComponent(DRIVE)}/items/${PHOTOS}/copy?@microsoft.graph.conflictBehavior=rename`,
    );
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual({
      parentReference: { driveId: DRIVE, id: ARCHIVE },
      name: 'Photos copy',
    });

    const [job] = await bg.jobs();
    expect(job).toMatchObject({
      name: 'Photos copy',
      monitorUrl: MONITOR,
      copy: { destination: { driveId: DRIVE, folderId: ARCHIVE }, folderName: 'Archive' },
    });
    expect(job?.result).toBeUndefined();

    for (let i = 0; i < 3; i++) await bg.tick();
    const [done] = await bg.jobs();
    expect(done?.phase).toBe('completed');
    expect(done?.result).toEqual({
      state: 'found',
      name: 'Photos copy',
      webUrl: 'https://contoso-my.sharepoint.com/personal/adele/Documents/Photos%20copy',
    });
    // Every Graph request carried the token; no monitor request went to Graph or carried one.
    expect(graph.requests.every((r) => r.authorization === 'Bearer TOKEN-abc')).toBe(true);
    expect(graph.requests.every((r) => r.url.startsWith('https://graph.microsoft.com/'))).toBe(true);
    expect(bg.calls.every((c) => c.url === MONITOR)).toBe(true);
    expect(calls.signIn).toBe(1);
  });

  it('turns Graph refusals into clear error codes and tracks nothing', async () => {
    const { auth } = fakeAuth({ signedIn: true });
    let answer: Response = json({ error: { code: 'nameAlreadyExists' } }, 409);
    const graph = fakeGraph([(url, init) => (init.method === 'POST' ? answer : undefined)]);
    const bg = createBackground(monitor, { auth, graphFetch: graph.fetch });
    await bg.bg.run({ type: 'signIn' });

    expect(await bg.bg.run({ ...START, conflictBehavior: 'fail' })).toEqual({
      ok: false,
      error: { code: 'graphNameConflict' },
    });
    answer = json({ error: { code: 'activityLimitReached' } }, 429, { 'Retry-After': '7' });
    // A refused Start may be tried again at once (it is not a double click).
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'graphThrottled' } });
    answer = json({ error: { code: 'accessDenied' } }, 403);
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'graphForbidden' } });
    answer = new Response('<html>oops</html>', { status: 502 });
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'graphServerError' } });
    answer = json({ error: { code: 'serviceNotAvailable' } }, 503, { 'Retry-After': '30' });
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'graphThrottled' } });
    answer = json({ error: { code: 'itemNotFound' } }, 404);
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'graphNotFound' } });
    // A 202 whose Location is not a monitor host: refused, nothing tracked, no request to it.
    answer = new Response(null, { status: 202, headers: { Location: 'https://evil.example/monitor/1' } });
    expect(await bg.bg.run(START)).toEqual({ ok: false, error: { code: 'graphBadResponse' } });
    expect(await bg.bg.run({ ...START, newName: 'bad:name' })).toEqual({
      ok: false,
      error: { code: 'copyNameInvalid' },
    });
    expect(await bg.jobs()).toEqual([]);
    expect(bg.calls).toEqual([]);
  });

  it('recognises a copy the service finished at once: a completed job with its item, never polled', async () => {
    const { auth } = fakeAuth({ signedIn: true });
    const graph = fakeGraph([
      (_url, init) => (init.method === 'POST' ? json(item(NEW_ITEM, 'Photos copy'), 201) : undefined),
    ]);
    const bg = createBackground(monitor, { auth, graphFetch: graph.fetch });
    await bg.bg.run({ type: 'signIn' });
    expect(await bg.bg.run(START)).toEqual({ ok: true, data: { jobId: expect.any(String), synchronous: true } });
    const [job] = await bg.jobs();
    expect(job).toMatchObject({
      phase: 'completed',
      percent: 100,
      nextPollAt: null,
      result: { state: 'found', name: 'Photos copy' },
    });
    await bg.tick();
    expect(bg.calls).toEqual([]);
  });

  it('a pasted job that completes while signed out says so, and gets its link after signing in', async () => {
    const { auth, calls } = fakeAuth();
    const graph = fakeGraph(driveRoutes);
    const bg = createBackground(
      (_url, call) =>
        call === 1
          ? status({ status: 'inProgress', percentageComplete: 50 })
          : status({
              status: 'completed',
              resourceId: NEW_ITEM,
              resourceLocation: `https://graph.microsoft.com/v1.0/drives/${DRIVE}/items/${NEW_ITEM}`,
            }),
      { auth, graphFetch: graph.fetch },
    );
    await bg.bg.run({ type: 'trackJob', url: MONITOR });
    await bg.tick();
    const [job] = await bg.jobs();
    expect(job).toMatchObject({ phase: 'completed', result: { state: 'signedOut' } });
    expect(graph.requests).toHaveLength(0);
    expect(calls.acquireToken).toBe(0); // signed out: MSAL is not even asked

    await bg.bg.run({ type: 'signIn' });
    await vi_waitFor(async () => (await bg.jobs())[0]?.result?.state === 'found');
    expect((await bg.jobs())[0]?.result).toMatchObject({ state: 'found', name: 'Photos copy' });
  });

  it('an expired sign-in is asked about once, then the badge and the account ask the user; no loop', async () => {
    const { auth, calls, state } = fakeAuth({ signedIn: true });
    const graph = fakeGraph(driveRoutes);
    const bg = createBackground(monitor, { auth, graphFetch: graph.fetch });
    await bg.bg.run({ type: 'signIn' });
    state.expired = true;

    expect(await bg.bg.run({ type: 'listFolder' })).toEqual({ ok: false, error: { code: 'signInNeeded' } });
    expect(calls.acquireToken).toBe(1);
    expect((await fakeBrowser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY]).toMatchObject({ state: 'needsSignIn' });
    // Further requests do not ask the identity service again until the user signs in.
    expect(await bg.bg.run({ type: 'listFolder' })).toEqual({ ok: false, error: { code: 'signInNeeded' } });
    expect(await bg.bg.run({ type: 'authStatus' })).toMatchObject({
      ok: true,
      data: { signedIn: false, state: 'needsSignIn' },
    });
    expect(calls.acquireToken).toBe(1);
    expect(calls.signIn).toBe(1); // never a window the user did not ask for
    await bg.bg.run({ type: 'trackJob', url: MONITOR });
    expect(bg.bg.badgeState).toMatchObject({ text: '1?', title: 'badgeTooltipSignIn' });

    await bg.bg.run({ type: 'signIn' });
    expect(await bg.bg.run({ type: 'authStatus' })).toMatchObject({ ok: true, data: { signedIn: true } });
    await bg.bg.run({ type: 'pollNow' });
    expect(bg.bg.badgeState.title).not.toBe('badgeTooltipSignIn');
  });

  it('a cancelled sign-in leaves everything usable; sign-out forgets the account and stops Graph calls', async () => {
    const { auth, calls, state } = fakeAuth({ cancel: true });
    const graph = fakeGraph(driveRoutes);
    const bg = createBackground(monitor, { auth, graphFetch: graph.fetch });
    expect(await bg.bg.run({ type: 'signIn' })).toEqual({ ok: false, error: { code: 'signInCancelled' } });
    expect(await bg.bg.run({ type: 'trackJob', url: MONITOR })).toMatchObject({ ok: true });
    state.cancel = false;
    await bg.bg.run({ type: 'signIn' });
    expect(await bg.bg.run({ type: 'listFolder' })).toMatchObject({ ok: true });

    expect(await bg.bg.run({ type: 'signOut' })).toEqual({ ok: true, data: null });
    expect(calls.signOut).toBe(1);
    expect(await fakeBrowser.storage.local.get(ACCOUNT_KEY)).toEqual({});
    const before = graph.requests.length;
    expect(await bg.bg.run({ type: 'listFolder' })).toEqual({ ok: false, error: { code: 'signedOut' } });
    expect(graph.requests).toHaveLength(before);
    expect(await bg.jobs()).toHaveLength(1); // signing out never removes tracked jobs
  });
});

/** Polls a condition (the post-sign-in lookup runs unawaited, as in the real background). */
async function vi_waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met');
}
