import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SimResponse } from './responses';
import { b64urlJson, corsHeaders, jsonAnswer, originOf, preflight, type SimRequest } from './web';

/**
 * A fake Microsoft identity platform (login.microsoftonline.com) good enough for MSAL browser's
 * redirect flow (sign-in.md "Testing without the internet"):
 *   GET  /{tenant}/oauth2/v2.0/authorize   auto-consents, 302 to redirect_uri with #code= (or ?code=)
 *   POST /{tenant}/oauth2/v2.0/token       authorization_code (PKCE S256) and refresh_token grants
 *   GET  /{tenant}/oauth2/v2.0/logout      ends the session
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration, GET /{tenant}/discovery/v2.0/keys
 * {tenant} is common, organizations, consumers, a GUID or a domain name. There is no UI: what the
 * "user" does is scripted (`cancelSignIns`, `holdSignIns`, `startSession`, `endSession`). Tokens are opaque random
 * strings remembered with their expiry; id_tokens are unsigned-looking JWTs, which MSAL does not
 * verify. Codes, tokens and verifiers never reach the request log or the recorded requests.
 */

/** The app registration the simulator knows by default. */
export const SIM_CLIENT_ID = '5f1c8f6e-3b0a-4c7e-9d2a-6a1b2c3d4e5f';
/** The directory (tenant) the simulated user lives in. */
export const SIM_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SIM_USER = {
  oid: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  name: 'Adele Vance',
  preferredUsername: 'AdeleV@contoso.onmicrosoft.com',
} as const;

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface IdentityOptions {
  /** Client ids that are registered; default [SIM_CLIENT_ID]. */
  clientIds?: string[];
  /** Registered redirect URIs; default: any https URI. */
  redirectUris?: string[];
  /** How long a refresh token can be redeemed, not sliding (SPA: 24 h, the default). */
  refreshTokenLifetimeMs?: number;
  /** Access token lifetime; default 1 h (`expires_in` 3599 like the real one). */
  accessTokenLifetimeMs?: number;
  /** Authorization codes; default 10 minutes. */
  codeLifetimeMs?: number;
  /** Refuse token requests without an Origin header, as Entra does for SPA apps. Default true. */
  requireOrigin?: boolean;
  /** Also send `refresh_token_expires_in` (real Entra does for SPAs; MSAL then knows the expiry). Default false. */
  sendRefreshTokenExpiresIn?: boolean;
  /** Error for prompt=none without a session. Default interaction_required. */
  noSessionError?: 'interaction_required' | 'login_required';
  /** Start with the user signed in at the authority (prompt=none succeeds). Default false. */
  session?: boolean;
}

export type AuthorizeOutcome =
  | 'code'
  /** `holdSignIns`: the sign-in page was shown and the "user" has not got past it. */
  | 'sign_in_page'
  | 'interaction_required'
  | 'login_required'
  | 'access_denied'
  | 'invalid_request'
  | 'unknown_client'
  | 'bad_redirect_uri';

/** One /authorize call, without the PKCE challenge, state or nonce. */
export interface AuthorizeRecord {
  time: number;
  tenant: string;
  clientId: string | null;
  redirectUri: string | null;
  responseMode: string;
  prompt: string | null;
  scopes: string[];
  outcome: AuthorizeOutcome;
  /** For invalid_request: what was wrong. */
  detail: string | null;
}

/** One /token call, without codes, verifiers or tokens. */
export interface TokenRecord {
  time: number;
  tenant: string;
  grantType: string | null;
  clientId: string | null;
  origin: string | null;
  status: number;
  /** OAuth error code when refused, e.g. invalid_grant. */
  error: string | null;
  /** AADSTS number when refused, e.g. 700084. */
  errorCode: number | null;
  scopes: string[];
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  scopes: string[];
  expiresAt: number;
  redeemed: boolean;
}

interface RefreshGrant {
  clientId: string;
  scopes: string[];
  /** Fixed at first sign-in: redeeming one gives a new token with the same end (no sliding). */
  expiresAt: number;
}

export interface AccessGrant {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export type AccessCheck =
  { ok: true; grant: AccessGrant } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'expired' };

export interface MintedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
}

export type IdentityRoute = { tenant: string; endpoint: 'authorize' | 'token' | 'logout' | 'metadata' | 'keys' };

const TENANT = String.raw`(common|organizations|consumers|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)`;
const ROUTES: [RegExp, IdentityRoute['endpoint']][] = [
  [new RegExp(`^/${TENANT}/oauth2/v2\\.0/authorize$`), 'authorize'],
  [new RegExp(`^/${TENANT}/oauth2/v2\\.0/token$`), 'token'],
  [new RegExp(`^/${TENANT}/oauth2/v2\\.0/logout$`), 'logout'],
  [new RegExp(`^/${TENANT}/v2\\.0/\\.well-known/openid-configuration$`), 'metadata'],
  [new RegExp(`^/${TENANT}/discovery/v2\\.0/keys$`), 'keys'],
];

/** Which identity endpoint a path is, if any (by path only, like every simulator route). */
export function identityRouteOf(pathname: string): IdentityRoute | null {
  for (const [pattern, endpoint] of ROUTES) {
    const m = pattern.exec(pathname);
    if (m?.[1]) return { tenant: m[1], endpoint };
  }
  return null;
}

/**
 * The JSON string MSAL's `auth.authorityMetadata` wants, so it skips `.well-known` (with
 * `knownAuthorities` also set, it then only calls /authorize and /token).
 * `authority` e.g. "https://login.microsoftonline.com/common".
 */
export function authorityMetadata(authority: string): string {
  return JSON.stringify(openIdConfiguration(authority));
}

function openIdConfiguration(authority: string): Record<string, unknown> {
  const base = authority.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const tenant = base.slice(origin.length + 1);
  const issuerTenant = /^(common|organizations|consumers)$/.test(tenant) ? '{tenantid}' : tenant;
  return {
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${origin}/${issuerTenant}/v2.0`,
    response_modes_supported: ['query', 'fragment'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
  };
}

const opaque = (bytes = 32): string => randomBytes(bytes).toString('base64url');
const scopesOf = (value: string | null): string[] => [...new Set((value ?? '').split(/\s+/).filter((s) => s !== ''))];

/** The AADSTS error JSON the token endpoint answers with. */
function oauthError(
  status: number,
  error: string,
  code: number,
  description: string,
  extra: Record<string, unknown> = {},
): { status: number; value: Record<string, unknown> } {
  return {
    status,
    value: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date()
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z'),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      ...extra,
    },
  };
}

export class IdentityPlatform {
  /** Every /authorize call, oldest first. */
  readonly authorizeRequests: AuthorizeRecord[] = [];
  /** Every /token call (OPTIONS preflights excluded), oldest first. */
  readonly tokenRequests: TokenRecord[] = [];

  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  private readonly clientIds: Set<string>;
  private readonly redirectUris: Set<string> | null;
  private session: boolean;
  private cancelling = false;
  private holding = false;

  readonly refreshTokenLifetimeMs: number;
  readonly accessTokenLifetimeMs: number;
  private readonly codeLifetimeMs: number;
  private readonly requireOrigin: boolean;
  private readonly sendRefreshTokenExpiresIn: boolean;
  private readonly noSessionError: 'interaction_required' | 'login_required';

  constructor(
    private readonly clock: () => number,
    options: IdentityOptions = {},
  ) {
    this.clientIds = new Set(options.clientIds ?? [SIM_CLIENT_ID]);
    this.redirectUris = options.redirectUris ? new Set(options.redirectUris) : null;
    this.refreshTokenLifetimeMs = options.refreshTokenLifetimeMs ?? DAY_MS;
    this.accessTokenLifetimeMs = options.accessTokenLifetimeMs ?? 60 * 60 * 1000;
    this.codeLifetimeMs = options.codeLifetimeMs ?? 10 * 60 * 1000;
    this.requireOrigin = options.requireOrigin ?? true;
    this.sendRefreshTokenExpiresIn = options.sendRefreshTokenExpiresIn ?? false;
    this.noSessionError = options.noSessionError ?? 'interaction_required';
    this.session = options.session ?? false;
  }

  // ---- scripting, for tests ----

  /** Whether the "browser" is signed in at the authority (prompt=none succeeds). */
  get hasSession(): boolean {
    return this.session;
  }

  startSession(): void {
    this.session = true;
  }

  /** prompt=none now answers `interaction_required` (or the configured error). */
  endSession(): void {
    this.session = false;
  }

  /** While on, interactive sign-ins end in `error=access_denied` (the user said no). */
  cancelSignIns(on = true): void {
    this.cancelling = on;
  }

  /**
   * While on, interactive sign-ins stop at a sign-in page (200, no redirect), as Microsoft's real
   * page does while the user types: the browser's sign-in window stays open until it is closed.
   */
  holdSignIns(on = true): void {
    this.holding = on;
  }

  /** Tokens as if a sign-in had happened, for tests that skip the browser flow. */
  mintTokens(options: { scopes?: string[]; clientId?: string; nonce?: string } = {}): MintedTokens {
    const clientId = options.clientId ?? [...this.clientIds][0] ?? SIM_CLIENT_ID;
    const scopes = options.scopes ?? ['openid', 'profile', 'offline_access', 'User.Read', 'Files.ReadWrite.All'];
    const now = this.clock();
    const accessToken = this.newAccessToken(clientId, scopes, now);
    const refreshToken = opaque(48);
    this.refreshTokens.set(refreshToken, { clientId, scopes, expiresAt: now + this.refreshTokenLifetimeMs });
    return { accessToken, refreshToken, idToken: this.idToken(clientId, now, options.nonce ?? null) };
  }

  /** Every access token handed out so far now counts as expired (Graph answers 401). */
  expireAccessTokens(): void {
    const past = this.clock() - 1;
    for (const grant of this.accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, past);
  }

  /** Every refresh token handed out so far now counts as expired (invalid_grant 700084). */
  expireRefreshTokens(): void {
    const past = this.clock() - 1;
    for (const grant of this.refreshTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, past);
  }

  /** Validates an `Authorization` header value for Graph. */
  checkAccessToken(authorization: string | undefined): AccessCheck {
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m?.[1]) return { ok: false, reason: 'malformed' };
    const grant = this.accessTokens.get(m[1]);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (this.clock() >= grant.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  // ---- HTTP ----

  handle(route: IdentityRoute, req: SimRequest): SimResponse {
    switch (route.endpoint) {
      case 'authorize':
        return this.authorize(route.tenant, req);
      case 'token':
        return this.token(route.tenant, req);
      case 'logout':
        this.session = false;
        return {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
          body: '<!DOCTYPE html><title>Signed out</title><p>You signed out of your account.</p>',
          summary: 'logout',
          retryAt: null,
        };
      case 'metadata': {
        const host = typeof req.headers.host === 'string' ? req.headers.host : 'login.microsoftonline.com';
        return jsonAnswer(200, openIdConfiguration(`https://${host}/${route.tenant}`), 'openid-configuration', {
          ...corsHeaders(req),
        });
      }
      case 'keys':
        return jsonAnswer(200, { keys: [] }, 'keys', corsHeaders(req));
    }
  }

  private authorize(tenant: string, req: SimRequest): SimResponse {
    const q = req.url.searchParams;
    const clientId = q.get('client_id');
    const redirectUri = q.get('redirect_uri');
    const responseMode = q.get('response_mode') ?? 'query';
    const prompt = q.get('prompt');
    const scopes = scopesOf(q.get('scope'));
    const record = (outcome: AuthorizeOutcome, detail: string | null = null): void => {
      this.authorizeRequests.push({
        time: this.clock(),
        tenant,
        clientId,
        redirectUri,
        responseMode,
        prompt,
        scopes,
        outcome,
        detail,
      });
    };
    // Errors about the client or the redirect URI are shown to the user, never redirected.
    const page = (status: number, code: number, text: string, outcome: AuthorizeOutcome): SimResponse => {
      record(outcome, `AADSTS${code}`);
      return {
        status,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        body: `<!DOCTYPE html><title>Sign in</title><p>AADSTS${code}: ${text}</p>`,
        summary: `authorize ${outcome}`,
        retryAt: null,
      };
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return page(400, 900561, 'The endpoint only accepts GET requests.', 'invalid_request');
    }
    if (clientId === null || !this.clientIds.has(clientId)) {
      return page(400, 700016, `Application with identifier '${clientId ?? ''}' was not found.`, 'unknown_client');
    }
    let redirect: URL | null = null;
    try {
      redirect = redirectUri === null ? null : new URL(redirectUri);
    } catch {
      redirect = null;
    }
    if (
      redirectUri === null ||
      redirect === null ||
      redirect.protocol !== 'https:' ||
      (this.redirectUris !== null && !this.redirectUris.has(redirectUri))
    ) {
      return page(400, 50011, 'The redirect URI specified in the request does not match.', 'bad_redirect_uri');
    }
    const target = redirect;
    const state = q.get('state');
    const back = (params: Record<string, string>, outcome: AuthorizeOutcome, detail: string | null = null) => {
      record(outcome, detail);
      const all = new URLSearchParams(params);
      if (state !== null) all.set('state', state);
      const url = new URL(target.href);
      if (responseMode === 'query') {
        for (const [k, v] of all) url.searchParams.append(k, v);
      } else {
        url.hash = all.toString();
      }
      return {
        status: 302,
        headers: { location: url.href, 'cache-control': 'no-store' },
        body: '',
        summary: `authorize ${outcome}`,
        retryAt: null,
      } satisfies SimResponse;
    };
    const invalid = (why: string) =>
      back(
        { error: 'invalid_request', error_description: `AADSTS900144: ${why}`, error_codes: '900144' },
        'invalid_request',
        why,
      );
    if (responseMode !== 'fragment' && responseMode !== 'query') {
      return invalid(`response_mode '${responseMode}' is not supported here.`);
    }
    if (q.get('response_type') !== 'code') return invalid("The request body must contain 'response_type=code'.");
    const challenge = q.get('code_challenge');
    if (challenge === null || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return invalid('Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
    }
    if (q.get('code_challenge_method') !== 'S256') return invalid("code_challenge_method must be 'S256'.");
    if (state === null || state === '') return invalid("The request must contain the 'state' parameter.");
    const nonce = q.get('nonce');
    if (nonce === null || nonce === '') return invalid("The request must contain the 'nonce' parameter.");
    if (scopes.length === 0) return invalid("The request must contain the 'scope' parameter.");

    if (prompt === 'none') {
      if (!this.session) {
        const error = this.noSessionError;
        return back(
          {
            error,
            error_description:
              error === 'login_required'
                ? 'AADSTS50058: A silent sign-in request was sent but no user is signed in.'
                : 'AADSTS160021: Application requested a user session which does not exist.',
          },
          error,
        );
      }
    } else if (this.holding) {
      record('sign_in_page');
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        body: '<!DOCTYPE html><title>Sign in to your account</title><p>Sign in (the simulator waits here).</p>',
        summary: 'authorize sign_in_page',
        retryAt: null,
      };
    } else if (this.cancelling) {
      return back(
        { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' },
        'access_denied',
      );
    }
    this.session = true;
    const code = `1.${opaque(96)}`;
    this.codes.set(code, {
      clientId,
      redirectUri,
      challenge,
      nonce,
      scopes,
      expiresAt: this.clock() + this.codeLifetimeMs,
      redeemed: false,
    });
    return back({ code, client_info: this.clientInfo(), session_state: randomUUID() }, 'code');
  }

  private token(tenant: string, req: SimRequest): SimResponse {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') return preflight(req, 'POST, OPTIONS', 'token preflight');
    const form = new URLSearchParams(req.body);
    const grantType = form.get('grant_type');
    const clientId = form.get('client_id');
    const answer = (result: { status: number; value: Record<string, unknown> }, scopes: string[] = []): SimResponse => {
      const error = typeof result.value['error'] === 'string' ? result.value['error'] : null;
      const codes = result.value['error_codes'];
      const errorCode = Array.isArray(codes) && typeof codes[0] === 'number' ? codes[0] : null;
      this.tokenRequests.push({
        time: this.clock(),
        tenant,
        grantType,
        clientId,
        origin: originOf(req),
        status: result.status,
        error,
        errorCode,
        scopes,
      });
      const summary = `token ${grantType ?? '-'} ${error === null ? result.status : `${error} ${errorCode ?? ''}`}`;
      return jsonAnswer(result.status, result.value, summary, { pragma: 'no-cache', ...cors });
    };
    if (req.method !== 'POST') {
      return answer(oauthError(400, 'invalid_request', 900561, 'The endpoint only accepts POST, OPTIONS requests.'));
    }
    if (clientId === null || !this.clientIds.has(clientId)) {
      return answer(
        oauthError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId ?? ''}' was not found.`,
        ),
      );
    }
    if (this.requireOrigin && originOf(req) === null) {
      return answer(
        oauthError(
          400,
          'invalid_request',
          9002327,
          "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
        ),
      );
    }
    const now = this.clock();
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = this.codes.get(code);
      if (!grant || grant.clientId !== clientId) {
        return answer(oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'));
      }
      if (grant.redeemed) {
        return answer(oauthError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed.'));
      }
      if (now >= grant.expiresAt) {
        return answer(
          oauthError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired.'),
        );
      }
      if (form.get('redirect_uri') !== grant.redirectUri) {
        return answer(
          oauthError(
            400,
            'invalid_grant',
            50148,
            'The redirect_uri does not match the one used in the authorization request.',
          ),
        );
      }
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        return answer(
          oauthError(
            400,
            'invalid_grant',
            501481,
            'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          ),
        );
      }
      grant.redeemed = true;
      const refreshExpiresAt = now + this.refreshTokenLifetimeMs;
      return answer(this.issue(clientId, grant.scopes, grant.nonce, refreshExpiresAt, now), grant.scopes);
    }
    if (grantType === 'refresh_token') {
      const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant || grant.clientId !== clientId) {
        return answer(oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'));
      }
      if (now >= grant.expiresAt) {
        return answer(
          oauthError(
            400,
            'invalid_grant',
            700084,
            'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.',
            { suberror: 'bad_token' },
          ),
        );
      }
      const asked = scopesOf(form.get('scope'));
      const scopes = asked.length > 0 ? asked : grant.scopes;
      return answer(this.issue(clientId, scopes, null, grant.expiresAt, now), scopes);
    }
    return answer(
      oauthError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType ?? ''}'.`,
      ),
    );
  }

  private issue(
    clientId: string,
    scopes: string[],
    nonce: string | null,
    refreshExpiresAt: number,
    now: number,
  ): { status: number; value: Record<string, unknown> } {
    const accessToken = this.newAccessToken(clientId, scopes, now);
    const refreshToken = `1.${opaque(160)}`;
    this.refreshTokens.set(refreshToken, { clientId, scopes, expiresAt: refreshExpiresAt });
    const seconds = Math.max(0, Math.floor(this.accessTokenLifetimeMs / 1000) - 1);
    return {
      status: 200,
      value: {
        token_type: 'Bearer',
        scope: scopes.join(' '),
        expires_in: seconds,
        ext_expires_in: seconds,
        ...(this.sendRefreshTokenExpiresIn
          ? { refresh_token_expires_in: Math.max(0, Math.floor((refreshExpiresAt - now) / 1000)) }
          : {}),
        access_token: accessToken,
        refresh_token: refreshToken,
        id_token: this.idToken(clientId, now, nonce),
        client_info: this.clientInfo(),
      },
    };
  }

  private newAccessToken(clientId: string, scopes: string[], now: number): string {
    const token = `simAT.${opaque(48)}`;
    this.accessTokens.set(token, { clientId, scopes, expiresAt: now + this.accessTokenLifetimeMs });
    return token;
  }

  private clientInfo(): string {
    return b64urlJson({ uid: SIM_USER.oid, utid: SIM_TENANT_ID });
  }

  private idToken(clientId: string, now: number, nonce: string | null): string {
    const s = Math.floor(now / 1000);
    const claims = {
      aud: clientId,
      iss: `https://login.microsoftonline.com/${SIM_TENANT_ID}/v2.0`,
      iat: s,
      nbf: s,
      exp: s + 3600,
      name: SIM_USER.name,
      ...(nonce !== null ? { nonce } : {}),
      oid: SIM_USER.oid,
      preferred_username: SIM_USER.preferredUsername,
      sub: `sub-${SIM_USER.oid.slice(0, 8)}-${clientId.slice(0, 8)}`,
      tid: SIM_TENANT_ID,
      ver: '2.0',
    };
    return `${b64urlJson({ typ: 'JWT', alg: 'RS256', kid: 'sim-key' })}.${b64urlJson(claims)}.${opaque(64)}`;
  }
}
