import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMonitorUrl } from '../../src/core/monitor-url';
import { requestVia, type SimHttpResponse } from '../simulator/client';
import { encodeSharingUrl, SIM_DRIVE_ID, SIM_ITEMS, SIM_SHARED_DRIVE_ID, SIM_SHARING_URLS } from '../simulator/graph';
import { authorityMetadata, SIM_CLIENT_ID, SIM_TENANT_ID, SIM_USER } from '../simulator/identity';
import { startSimulator, type Simulator } from '../simulator/server';

// The identity platform and Graph fakes over real HTTPS, the way MSAL and the extension will use them.

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com/v1.0';
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const SCOPES =
  'https://graph.microsoft.com/Files.ReadWrite.All https://graph.microsoft.com/User.Read openid profile offline_access';

let sim: Simulator;
const lines: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sim = await startSimulator({ log: (l) => lines.push(l) });
});
afterAll(async () => {
  await sim?.close();
});

type Opts = { method?: string; headers?: Record<string, string>; body?: string };
const call = (s: Simulator, url: string, o: Opts = {}): Promise<SimHttpResponse> =>
  requestVia(url, { port: s.port, ca: s.certPem, ...o });
/** Parsed body; tests name the shape they read. */
const json = <T = Record<string, unknown>>(res: SimHttpResponse): T => JSON.parse(res.body) as T;
interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  [key: string]: unknown;
}
interface Done {
  status: string;
  resourceId: string;
  resourceLocation: string;
}
type Items = { value: { id: string; name: string }[] };
const decodeJwt = (jwt: string): Record<string, unknown> => {
  const parts = jwt.split('.');
  expect(parts).toHaveLength(3);
  return JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
};

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(over: Record<string, string | null> = {}, tenant = 'common'): { url: string; verifier: string } {
  const { verifier, challenge } = pkce();
  const q = new URLSearchParams();
  const params: Record<string, string | null> = {
    client_id: SIM_CLIENT_ID,
    scope: SCOPES,
    redirect_uri: REDIRECT,
    response_type: 'code',
    response_mode: 'fragment',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'eyJpZCI6InN0YXRlLTEifQ==|extra',
    nonce: 'nonce-123',
    ...over,
  };
  for (const [k, v] of Object.entries(params)) if (v !== null) q.set(k, v);
  return { url: `${LOGIN}/${tenant}/oauth2/v2.0/authorize?${q}`, verifier };
}

/** Parameters of the redirect back to the app (fragment or query). */
function redirectParams(res: SimHttpResponse, mode: 'fragment' | 'query' = 'fragment'): URLSearchParams {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.location ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return new URLSearchParams(mode === 'fragment' ? location.hash.slice(1) : location.search);
}

const form = (values: Record<string, string>): string => new URLSearchParams(values).toString();
const tokenCall = (
  s: Simulator,
  values: Record<string, string>,
  headers: Record<string, string> = { origin: ORIGIN },
) =>
  call(s, `${LOGIN}/common/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...headers },
    body: form(values),
  });

/** The whole MSAL-style sign-in: authorize, then redeem the code with the verifier. */
async function signIn(s: Simulator = sim): Promise<Tokens> {
  const { url, verifier } = authorizeUrl({ prompt: 'select_account' });
  const code = redirectParams(await call(s, url)).get('code') ?? '';
  const res = await tokenCall(s, {
    client_id: SIM_CLIENT_ID,
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    client_info: '1',
  });
  expect(res.status).toBe(200);
  return json<Tokens>(res);
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, origin: ORIGIN });

describe('identity platform: authorization code flow with PKCE', () => {
  it('auto-consents and redirects with code, state and client_info in the fragment', async () => {
    const { url } = authorizeUrl();
    const params = redirectParams(await call(sim, url));
    expect(params.get('code')).toMatch(/^1\.[\w-]+$/);
    expect(params.get('state')).toBe('eyJpZCI6InN0YXRlLTEifQ==|extra');
    const info = JSON.parse(Buffer.from(params.get('client_info') ?? '', 'base64url').toString('utf8'));
    expect(info).toEqual({ uid: SIM_USER.oid, utid: SIM_TENANT_ID });
    expect(sim.identity.authorizeRequests.at(-1)).toMatchObject({
      tenant: 'common',
      clientId: SIM_CLIENT_ID,
      redirectUri: REDIRECT,
      responseMode: 'fragment',
      outcome: 'code',
    });
  });

  it('honours response_mode=query and any tenant form', async () => {
    for (const tenant of ['organizations', 'consumers', SIM_TENANT_ID, 'contoso.onmicrosoft.com']) {
      const { url } = authorizeUrl({ response_mode: 'query' }, tenant);
      expect(redirectParams(await call(sim, url), 'query').get('code')).toBeTruthy();
    }
    expect((await call(sim, `${LOGIN}/not_a_tenant/oauth2/v2.0/authorize`)).status).toBe(404);
  });

  it('redeems the code for tokens MSAL can use, with CORS for the extension origin', async () => {
    const { url, verifier } = authorizeUrl();
    const code = redirectParams(await call(sim, url)).get('code') ?? '';
    const res = await tokenCall(sim, {
      client_id: SIM_CLIENT_ID,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      scope: SCOPES,
    });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const body = json<Tokens>(res);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: SCOPES,
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      client_info: expect.any(String),
    });
    expect(body).not.toHaveProperty('refresh_token_expires_in');
    const claims = decodeJwt(body.id_token);
    const now = Date.now() / 1000;
    expect(claims).toMatchObject({
      aud: SIM_CLIENT_ID,
      iss: `https://login.microsoftonline.com/${SIM_TENANT_ID}/v2.0`,
      tid: SIM_TENANT_ID,
      oid: SIM_USER.oid,
      preferred_username: SIM_USER.preferredUsername,
      name: SIM_USER.name,
      nonce: 'nonce-123',
      sub: expect.any(String),
    });
    expect(claims.iat).toBeLessThanOrEqual(now + 1);
    expect(claims.exp).toBeGreaterThan(now);
    // The same code twice is refused.
    const again = await tokenCall(sim, {
      client_id: SIM_CLIENT_ID,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(again.status).toBe(400);
    expect(json(again)).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    expect(again.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('checks the code_verifier against the challenge and the redirect_uri against the one used', async () => {
    const { url } = authorizeUrl();
    const code = redirectParams(await call(sim, url)).get('code') ?? '';
    const base = { client_id: SIM_CLIENT_ID, grant_type: 'authorization_code', code };
    const wrongUri = await tokenCall(sim, {
      ...base,
      code_verifier: pkce().verifier,
      redirect_uri: 'https://x.example/',
    });
    expect(json(wrongUri)).toMatchObject({ error: 'invalid_grant', error_codes: [50148] });
    const wrongVerifier = await tokenCall(sim, { ...base, code_verifier: pkce().verifier, redirect_uri: REDIRECT });
    expect(wrongVerifier.status).toBe(400);
    expect(json(wrongVerifier)).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
  });

  it('records token requests without codes, verifiers or tokens', async () => {
    const before = sim.identity.tokenRequests.length;
    const tokens = await signIn();
    const rec = sim.identity.tokenRequests.slice(before);
    expect(rec).toEqual([
      expect.objectContaining({
        grantType: 'authorization_code',
        clientId: SIM_CLIENT_ID,
        origin: ORIGIN,
        status: 200,
        error: null,
      }),
    ]);
    const everything = JSON.stringify([
      sim.identity.tokenRequests,
      sim.identity.authorizeRequests,
      sim.requests,
      lines,
    ]);
    expect(everything).not.toContain(tokens.access_token);
    expect(everything).not.toContain(tokens.refresh_token);
    expect(sim.requests.at(-1)).toMatchObject({
      kind: 'identity',
      method: 'POST',
      host: 'login.microsoftonline.com',
      status: 200,
    });
  });

  it('refuses token requests without an Origin (SPA rule) and answers preflights', async () => {
    const res = await tokenCall(sim, { client_id: SIM_CLIENT_ID, grant_type: 'refresh_token', refresh_token: 'x' }, {});
    expect(json(res)).toMatchObject({ error: 'invalid_request', error_codes: [9002327] });
    const pre = await call(sim, `${LOGIN}/common/oauth2/v2.0/token`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-headers': 'content-type',
    });
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
  });
});

describe('identity platform: refusals and scripted users', () => {
  it('shows an error page (no redirect) for an unknown client or a non-https redirect_uri', async () => {
    const badClient = await call(sim, authorizeUrl({ client_id: '00000000-0000-0000-0000-000000000000' }).url);
    expect(badClient.status).toBe(400);
    expect(badClient.body).toContain('AADSTS700016');
    const httpRedirect = await call(sim, authorizeUrl({ redirect_uri: 'http://localhost/cb' }).url);
    expect(httpRedirect.status).toBe(400);
    expect(httpRedirect.headers.location).toBeUndefined();
  });

  it.each([
    ['no PKCE', { code_challenge: null }],
    ['plain PKCE', { code_challenge_method: 'plain' }],
    ['no nonce', { nonce: null }],
    ['implicit', { response_type: 'token' }],
  ])('redirects invalid_request for %s', async (_name, over) => {
    const params = redirectParams(await call(sim, authorizeUrl(over).url));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBe('eyJpZCI6InN0YXRlLTEifQ==|extra');
  });

  it('prompt=none: interaction_required without a session, a code with one', async () => {
    sim.identity.endSession();
    const silent = redirectParams(await call(sim, authorizeUrl({ prompt: 'none' }).url));
    expect(silent.get('error')).toBe('interaction_required');
    expect(silent.get('code')).toBeNull();
    expect(silent.get('state')).toBe('eyJpZCI6InN0YXRlLTEifQ==|extra');
    await signIn();
    expect(sim.identity.hasSession).toBe(true);
    expect(redirectParams(await call(sim, authorizeUrl({ prompt: 'none' }).url)).get('code')).toBeTruthy();
  });

  it('access_denied when the user is told to cancel', async () => {
    sim.identity.cancelSignIns();
    try {
      const params = redirectParams(await call(sim, authorizeUrl().url));
      expect(params.get('error')).toBe('access_denied');
      expect(sim.identity.authorizeRequests.at(-1)?.outcome).toBe('access_denied');
    } finally {
      sim.identity.cancelSignIns(false);
    }
  });

  it('stops interactive sign-ins at a sign-in page while held, never prompt=none', async () => {
    sim.identity.holdSignIns();
    try {
      const held = await call(sim, authorizeUrl({ prompt: 'select_account' }).url);
      expect(held.status).toBe(200);
      expect(held.headers.location).toBeUndefined();
      expect(held.headers['content-type']).toMatch(/^text\/html/);
      expect(sim.identity.authorizeRequests.at(-1)?.outcome).toBe('sign_in_page');
      // A silent request still answers at once, by redirect.
      sim.identity.endSession();
      const silent = redirectParams(await call(sim, authorizeUrl({ prompt: 'none' }).url));
      expect(silent.get('error')).toBe('interaction_required');
    } finally {
      sim.identity.holdSignIns(false);
    }
    expect(redirectParams(await call(sim, authorizeUrl({ prompt: 'select_account' }).url)).get('code')).toBeTruthy();
  });

  it('serves .well-known metadata matching authorityMetadata()', async () => {
    const res = await call(sim, `${LOGIN}/common/v2.0/.well-known/openid-configuration`);
    expect(json(res)).toEqual(JSON.parse(authorityMetadata(`${LOGIN}/common`)));
    expect(json(res)).toMatchObject({
      authorization_endpoint: `${LOGIN}/common/oauth2/v2.0/authorize`,
      token_endpoint: `${LOGIN}/common/oauth2/v2.0/token`,
      jwks_uri: expect.any(String),
      issuer: `${LOGIN}/{tenantid}/v2.0`,
    });
  });
});

describe('identity platform: refresh tokens', () => {
  it('redeems a refresh token for fresh tokens that Graph accepts', async () => {
    const first = await signIn();
    const res = await tokenCall(sim, {
      client_id: SIM_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      scope: SCOPES,
    });
    expect(res.status).toBe(200);
    const next = json<Tokens>(res);
    expect(next.access_token).not.toBe(first.access_token);
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(next.id_token)).not.toHaveProperty('nonce');
    expect((await call(sim, `${GRAPH}/me/drive`, { headers: bearer(next.access_token) })).status).toBe(200);
  });

  it('expireRefreshTokens(): invalid_grant 700084 bad_token', async () => {
    const first = await signIn();
    sim.identity.expireRefreshTokens();
    const res = await tokenCall(sim, {
      client_id: SIM_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(res.status).toBe(400);
    expect(json(res)).toMatchObject({ error: 'invalid_grant', error_codes: [700084], suberror: 'bad_token' });
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(sim.identity.tokenRequests.at(-1)).toMatchObject({
      grantType: 'refresh_token',
      error: 'invalid_grant',
      errorCode: 700084,
    });
  });

  it('refresh tokens expire after refreshTokenLifetimeMs and do not slide', async () => {
    let now = 1_700_000_000_000;
    const timed = await startSimulator({
      clock: () => now,
      identity: { refreshTokenLifetimeMs: 10_000, accessTokenLifetimeMs: 5_000, sendRefreshTokenExpiresIn: true },
    });
    try {
      const first = await signIn(timed);
      expect(first).toMatchObject({ expires_in: 4, refresh_token_expires_in: 10 });
      now += 6_000;
      // The access token has expired; Graph says so.
      const stale = await call(timed, `${GRAPH}/me/drive`, { headers: bearer(first.access_token) });
      expect(stale.status).toBe(401);
      expect(json<{ error: { message: string } }>(stale).error.message).toMatch(/expired/);
      const refreshed = await tokenCall(timed, {
        client_id: SIM_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
      });
      expect(json(refreshed)).toMatchObject({ refresh_token_expires_in: 4 });
      now += 5_000;
      const late = await tokenCall(timed, {
        client_id: SIM_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: json<Tokens>(refreshed).refresh_token,
      });
      expect(json(late)).toMatchObject({ error: 'invalid_grant', error_codes: [700084] });
    } finally {
      await timed.close();
    }
  });
});

describe('Graph: authentication and reads', () => {
  let token = '';
  beforeAll(() => {
    token = sim.identity.mintTokens().accessToken;
  });

  it('401 InvalidAuthenticationToken without a token or with an unknown one, with CORS', async () => {
    const none = await call(sim, `${GRAPH}/me/drive`, { headers: { origin: ORIGIN } });
    expect(none.status).toBe(401);
    expect(json(none)).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect(none.headers['access-control-allow-origin']).toBe(ORIGIN);
    const bogus = await call(sim, `${GRAPH}/me/drive/root/children`, { headers: bearer('nope') });
    expect(bogus.status).toBe(401);
  });

  it('an expired access token is refused', async () => {
    const t = sim.identity.mintTokens().accessToken;
    expect((await call(sim, `${GRAPH}/me/drive`, { headers: bearer(t) })).status).toBe(200);
    sim.identity.expireAccessTokens();
    expect((await call(sim, `${GRAPH}/me/drive`, { headers: bearer(t) })).status).toBe(401);
    token = sim.identity.mintTokens().accessToken;
  });

  it('a token without Files scopes gets 403 on drive calls', async () => {
    const t = sim.identity.mintTokens({ scopes: ['User.Read'] }).accessToken;
    expect((await call(sim, `${GRAPH}/me`, { headers: bearer(t) })).status).toBe(200);
    expect((await call(sim, `${GRAPH}/me/drive`, { headers: bearer(t) })).status).toBe(403);
  });

  it('answers /me/drive, the root, children and items, with CORS headers', async () => {
    const drive = await call(sim, `${GRAPH}/me/drive`, { headers: bearer(token) });
    expect(drive.status).toBe(200);
    expect(drive.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(drive.headers['access-control-expose-headers']).toContain('Location');
    expect(json(drive)).toMatchObject({
      id: SIM_DRIVE_ID,
      driveType: 'business',
      owner: { user: { displayName: SIM_USER.name } },
    });

    const root = json(await call(sim, `${GRAPH}/me/drive/root`, { headers: bearer(token) }));
    expect(root).toMatchObject({ id: SIM_ITEMS.root, root: {}, folder: { childCount: 4 } });

    const kids = json<Items>(await call(sim, `${GRAPH}/me/drive/root/children`, { headers: bearer(token) }));
    expect(kids.value.map((i) => i.name)).toEqual(['Notes.txt', 'Photos', 'Projects', 'Reports']);

    const reports = json<Items>(
      await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/${SIM_ITEMS.reports}/children`, {
        headers: bearer(token),
      }),
    );
    const report = reports.value.find((i) => i.id === SIM_ITEMS.report);
    expect(report).toMatchObject({
      name: 'Q1 Report.docx',
      size: 24_576,
      file: { mimeType: expect.stringContaining('wordprocessingml') },
      parentReference: { driveId: SIM_DRIVE_ID, id: SIM_ITEMS.reports, path: `/drives/${SIM_DRIVE_ID}/root:/Reports` },
      webUrl:
        'https://contoso-my.sharepoint.com/personal/adelev_contoso_onmicrosoft_com/Documents/Reports/Q1%20Report.docx',
    });

    const item = await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/${SIM_ITEMS.apollo}`, {
      headers: bearer(token),
    });
    expect(json(item)).toMatchObject({
      name: 'Apollo',
      folder: { childCount: 1 },
      parentReference: { id: SIM_ITEMS.projects },
    });
    expect((await call(sim, `${GRAPH}/me/drive/items/${SIM_ITEMS.plan}`, { headers: bearer(token) })).status).toBe(200);
    expect((await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/01NOPE`, { headers: bearer(token) })).status).toBe(
      404,
    );
    expect((await call(sim, `${GRAPH}/drives/b!nope/items/${SIM_ITEMS.plan}`, { headers: bearer(token) })).status).toBe(
      404,
    );
  });

  it('answers CORS preflights without a token', async () => {
    const pre = await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/${SIM_ITEMS.report}/copy`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(pre.headers['access-control-allow-headers']).toBe('authorization,content-type');
  });

  it('resolves sharing URLs and item webUrls through /shares; 404 for others', async () => {
    const share = (url: string) =>
      call(sim, `${GRAPH}/shares/${encodeSharingUrl(url)}/driveItem`, { headers: bearer(token) });
    expect(json(await share(SIM_SHARING_URLS.projects))).toMatchObject({ id: SIM_ITEMS.projects, name: 'Projects' });
    expect(json(await share(SIM_SHARING_URLS.sharedPlans))).toMatchObject({
      id: SIM_ITEMS.sharedPlans,
      parentReference: { driveId: SIM_SHARED_DRIVE_ID },
    });
    const byWebUrl = json<{ webUrl: string }>(
      await call(sim, `${GRAPH}/me/drive/items/${SIM_ITEMS.beach}`, { headers: bearer(token) }),
    ).webUrl;
    expect(json(await share(byWebUrl))).toMatchObject({ id: SIM_ITEMS.beach });
    expect((await share('https://contoso-my.sharepoint.com/:f:/g/personal/x/Eunknown')).status).toBe(404);
    // The encoded link is a secret of sorts: the log keeps a placeholder.
    expect(sim.requests.at(-1)?.path).toBe('/v1.0/shares/{encoded}/driveItem');
  });

  it('leaves item paths without Authorization to the monitor item route (401 as before)', async () => {
    const res = await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/${SIM_ITEMS.report}`);
    expect(res.status).toBe(401);
    expect(json(res)).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'item' });
  });
});

describe('Graph: copy', () => {
  let token = '';
  beforeAll(async () => {
    token = (await signIn()).access_token;
  });
  const copy = (itemPath: string, body: unknown, query = '') =>
    call(sim, `${GRAPH}${itemPath}/copy${query}`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  async function pollToEnd(monitorUrl: string): Promise<Done> {
    for (let i = 0; i < 40; i++) {
      const res = await call(sim, monitorUrl);
      const body = json<Done>(res);
      if (body.status !== 'inProgress' && body.status !== 'running' && body.status !== 'notStarted') return body;
      await sleep(100);
    }
    throw new Error('the copy never finished');
  }

  it('202 + Location of a new monitor job; the new item appears when the job completes', async () => {
    sim.graph.nextCopyScenario({ host: 'business', durationMs: 500 });
    const target = { driveId: SIM_DRIVE_ID, id: SIM_ITEMS.projects };
    const res = await copy(`/drives/${SIM_DRIVE_ID}/items/${SIM_ITEMS.reports}`, {
      parentReference: target,
      name: 'Reports copy',
    });
    expect(res.status).toBe(202);
    expect(res.body).toBe('');
    expect(res.headers['access-control-expose-headers']).toContain('Location');
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const monitorUrl = res.headers.location ?? '';
    expect(checkMonitorUrl(monitorUrl)).toMatchObject({ ok: true });
    expect(new URL(monitorUrl).host).toBe('contoso-my.sharepoint.com');
    const record = sim.graph.copies.at(-1);
    expect(record).toMatchObject({
      sourceId: SIM_ITEMS.reports,
      targetParentId: SIM_ITEMS.projects,
      name: 'Reports copy',
    });

    // Not there until the copy is done.
    const early = await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/${record?.newItemId}`, {
      headers: bearer(token),
    });
    expect(early.status).toBe(404);

    const done = await pollToEnd(monitorUrl);
    expect(done).toMatchObject({ status: 'succeeded', percentageComplete: 100, resourceId: record?.newItemId });
    const item = await call(sim, `${GRAPH}/drives/${SIM_DRIVE_ID}/items/${done.resourceId}`, {
      headers: bearer(token),
    });
    expect(item.status).toBe(200);
    expect(json(item)).toMatchObject({
      id: done.resourceId,
      name: 'Reports copy',
      folder: { childCount: 2 },
      size: 24_576 + 18_230,
      parentReference: { id: SIM_ITEMS.projects },
      webUrl:
        'https://contoso-my.sharepoint.com/personal/adelev_contoso_onmicrosoft_com/Documents/Projects/Reports%20copy',
    });
    expect(sim.graph.childNames(done.resourceId)).toEqual(['Budget 2025.xlsx', 'Q1 Report.docx']);

    // The copy call carried a token; the monitor polls never did.
    const mine = sim.requests.filter((r) => r.jobId === record?.jobId);
    expect(mine[0]).toMatchObject({ kind: 'graph', method: 'POST', hasAuthorization: true, status: 202 });
    const polls = mine.filter((r) => r.kind === 'monitor');
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((r) => !r.hasAuthorization)).toBe(true);
    expect(lines.join('\n')).not.toContain(monitorUrl);
  });

  it('a Graph-host monitor reports a resourceLocation that Graph answers', async () => {
    sim.graph.nextCopyScenario({ host: 'graph', durationMs: 0 });
    const res = await copy(`/me/drive/items/${SIM_ITEMS.notes}`, { parentReference: { id: SIM_ITEMS.photos } });
    expect(res.status).toBe(202);
    const done = await pollToEnd(res.headers.location ?? '');
    expect(done).toMatchObject({ status: 'completed' });
    const item = await call(sim, done.resourceLocation, { headers: bearer(token) });
    expect(json(item)).toMatchObject({
      id: done.resourceId,
      name: 'Notes.txt',
      parentReference: { id: SIM_ITEMS.photos },
    });
  });

  it('409 nameAlreadyExists with conflictBehavior=fail (or none; the body field is ignored); rename renames', async () => {
    const into = { parentReference: { driveId: SIM_DRIVE_ID, id: SIM_ITEMS.reports } };
    const failed = await copy(`/me/drive/items/${SIM_ITEMS.report}`, into, '?@microsoft.graph.conflictBehavior=fail');
    expect(failed.status).toBe(409);
    expect(json(failed)).toMatchObject({ error: { code: 'nameAlreadyExists' } });
    const bodyOnly = await copy(`/me/drive/items/${SIM_ITEMS.report}`, {
      ...into,
      '@microsoft.graph.conflictBehavior': 'rename',
    });
    expect(bodyOnly.status).toBe(409);

    sim.graph.nextCopyScenario({ durationMs: 0 });
    const renamed = await copy(
      `/me/drive/items/${SIM_ITEMS.report}`,
      into,
      '?@microsoft.graph.conflictBehavior=rename',
    );
    expect(renamed.status).toBe(202);
    await pollToEnd(renamed.headers.location ?? '');
    expect(sim.graph.childNames(SIM_ITEMS.reports)).toEqual(['Budget 2025.xlsx', 'Q1 Report 1.docx', 'Q1 Report.docx']);
  });

  it('404 for unknown sources or targets, 403 for a read-only target, 400 for a file as target', async () => {
    const to = (driveId: string, id: string) => ({ parentReference: { driveId, id } });
    expect((await copy(`/me/drive/items/01UNKNOWN`, to(SIM_DRIVE_ID, SIM_ITEMS.photos))).status).toBe(404);
    expect((await copy(`/me/drive/items/${SIM_ITEMS.plan}`, to(SIM_DRIVE_ID, '01UNKNOWN'))).status).toBe(404);
    const readOnly = await copy(`/me/drive/items/${SIM_ITEMS.plan}`, to(SIM_SHARED_DRIVE_ID, SIM_ITEMS.sharedPlans));
    expect(readOnly.status).toBe(403);
    expect(json(readOnly)).toMatchObject({ error: { code: 'accessDenied' } });
    expect((await copy(`/me/drive/items/${SIM_ITEMS.plan}`, to(SIM_DRIVE_ID, SIM_ITEMS.notes))).status).toBe(400);
    // Copying out of the shared drive into one's own is fine.
    sim.graph.nextCopyScenario({ durationMs: 0 });
    const fromShared = await copy(
      `/drives/${SIM_SHARED_DRIVE_ID}/items/${SIM_ITEMS.roadmap}`,
      to(SIM_DRIVE_ID, SIM_ITEMS.apollo),
    );
    expect(fromShared.status).toBe(202);
  });

  it('copies need a token and a write scope', async () => {
    const noToken = await call(sim, `${GRAPH}/me/drive/items/${SIM_ITEMS.plan}/copy`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ parentReference: { id: SIM_ITEMS.photos } }),
    });
    expect(noToken.status).toBe(401);
    const readOnlyToken = sim.identity.mintTokens({ scopes: ['Files.Read.All'] }).accessToken;
    const res = await call(sim, `${GRAPH}/me/drive/items/${SIM_ITEMS.plan}/copy`, {
      method: 'POST',
      headers: { ...bearer(readOnlyToken), 'content-type': 'application/json' },
      body: JSON.stringify({ parentReference: { id: SIM_ITEMS.photos } }),
    });
    expect(res.status).toBe(403);
  });

  it('scripted throttling: 429 with Retry-After, then the copy goes through', async () => {
    sim.graph.throttleNext(1, { status: 429, retryAfterS: 2 });
    const body = { parentReference: { id: SIM_ITEMS.holiday } };
    const throttled = await copy(`/me/drive/items/${SIM_ITEMS.plan}`, body);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(throttled.headers['access-control-expose-headers']).toContain('Retry-After');
    sim.graph.nextCopyScenario({ durationMs: 0 });
    expect((await copy(`/me/drive/items/${SIM_ITEMS.plan}`, body)).status).toBe(202);
  });

  it('over the whole file: no monitor or item request carried Authorization; Graph ones did', () => {
    const toJobs = sim.requests.filter((r) => r.kind === 'monitor');
    expect(toJobs.length).toBeGreaterThan(0);
    expect(toJobs.filter((r) => r.hasAuthorization)).toEqual([]);
    const graphCalls = sim.requests.filter((r) => r.kind === 'graph' && r.status < 300);
    expect(graphCalls.length).toBeGreaterThan(0);
    expect(graphCalls.every((r) => r.hasAuthorization || r.method === 'OPTIONS')).toBe(true);
    expect(lines.some((l) => l.includes('AUTHORIZATION-SENT'))).toBe(false);
  });
});
