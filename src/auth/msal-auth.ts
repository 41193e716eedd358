import {
  AuthError,
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  PublicClientApplication,
  ServerError,
  type AuthenticationResult,
} from '@azure/msal-browser';
import type { AuthConfig, AuthFailure, OffscreenAnswer } from '../core/auth-protocol';
import { AUTHORITY_ORIGIN, authorityFor } from '../core/settings';

/**
 * MSAL browser 5 driven by `identity.launchWebAuthFlow` (sign-in.md "The flow that works in
 * extensions"): `onRedirectNavigate` captures the authorize URL and stops the navigation, the
 * host opens it in the browser's sign-in window, and the URL it comes back with goes to
 * `handleRedirectPromise`. Needs a DOM (offscreen document in Chrome, event page in Firefox).
 */

/**
 * How the browsers reject `launchWebAuthFlow` when the user closes the window: Chrome "The user
 * did not approve access.", Firefox "User cancelled or denied access.". Anything else (Chrome's
 * "Authorization page could not be loaded." for an error page or no network) is not a cancel.
 */
export const isClosedByUser = (error: unknown): boolean =>
  error instanceof Error && /did not approve|cancel|denied/i.test(error.message);

/** Opens an authorize URL in the browser's sign-in window; resolves with the final redirect URL. */
export type LaunchWebAuthFlow = (url: string, interactive: boolean) => Promise<string>;

/** The openid-configuration MSAL would fetch; given up front it skips discovery (sign-in.md). */
export function authorityMetadataFor(authority: string): string {
  const tenant = authority.slice(AUTHORITY_ORIGIN.length + 1);
  const issuerTenant = /^(common|organizations|consumers)$/.test(tenant) ? '{tenantid}' : tenant;
  return JSON.stringify({
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    issuer: `${AUTHORITY_ORIGIN}/${issuerTenant}/v2.0`,
    response_modes_supported: ['query', 'fragment'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
  });
}

interface Client {
  pca: PublicClientApplication;
  /** Set by onRedirectNavigate during acquireTokenRedirect. */
  capturedUrl: string | null;
}

/**
 * The authorize response in the URL the sign-in window ended on (fragment, or query), or null
 * unless that URL is on our redirect URI.
 */
function responseIn(redirectUrl: string, redirectUri: string): string | null {
  if (typeof redirectUrl !== 'string' || !redirectUrl.startsWith(redirectUri)) return null;
  let back: URL;
  try {
    back = new URL(redirectUrl);
  } catch {
    return null;
  }
  const response = back.hash !== '' ? back.hash : back.search;
  return response === '' ? null : response;
}

export type MsalAuth = ReturnType<typeof createMsalAuth>;

export function createMsalAuth(launch: LaunchWebAuthFlow) {
  const clients = new Map<string, Promise<Client>>();
  let dummyHashes = 0;

  const clientFor = (config: AuthConfig): Promise<Client> => {
    const key = `${config.clientId} ${config.tenant} ${config.redirectUri}`;
    let client = clients.get(key);
    if (client === undefined) {
      client = (async () => {
        const authority = authorityFor(config.tenant);
        const holder: Client = { pca: undefined as unknown as PublicClientApplication, capturedUrl: null };
        holder.pca = new PublicClientApplication({
          auth: {
            clientId: config.clientId,
            authority,
            redirectUri: config.redirectUri,
            knownAuthorities: [new URL(AUTHORITY_ORIGIN).host],
            authorityMetadata: authorityMetadataFor(authority),
            onRedirectNavigate: (url) => {
              holder.capturedUrl = url;
              return false;
            },
          },
          cache: { cacheLocation: 'localStorage' },
        });
        await holder.pca.initialize();
        return holder;
      })();
      clients.set(key, client);
      client.catch(() => clients.delete(key));
    }
    return client;
  };

  const answer = (result: AuthenticationResult): OffscreenAnswer => ({
    ok: true,
    token: {
      accessToken: result.accessToken,
      username: result.account.username,
      expiresOn: result.expiresOn ? result.expiresOn.getTime() : null,
    },
  });
  const failure = (kind: AuthFailure, error?: unknown): OffscreenAnswer => ({
    ok: false,
    failure: kind,
    ...(error instanceof AuthError
      ? { detail: error.errorCode }
      : error instanceof Error
        ? { detail: error.name }
        : {}),
  });
  const needsSignIn = (error: unknown): boolean =>
    error instanceof InteractionRequiredAuthError ||
    (error instanceof ServerError && error.errorCode === 'invalid_grant');

  /**
   * Clears MSAL's "interaction in progress" flag, which outlives a flow that did not come back
   * with an answer, with a unique dummy hash (handleRedirectPromise memoises per hash).
   */
  const endInteraction = async (client: Client): Promise<void> => {
    await client.pca
      .handleRedirectPromise({ hash: `#dummy=${Date.now()}-${++dummyHashes}`, navigateToLoginRequestUrl: false })
      .catch(() => null);
  };

  /** Interactive when `interactive`, else prompt=none in an invisible launchWebAuthFlow. */
  async function redirectFlow(config: AuthConfig, interactive: boolean): Promise<OffscreenAnswer> {
    const client = await clientFor(config);
    client.capturedUrl = null;
    await client.pca.acquireTokenRedirect({
      scopes: config.scopes,
      ...(interactive ? { prompt: 'select_account' } : { prompt: 'none' }),
    });
    const url = client.capturedUrl as string | null;
    if (url === null || !url.startsWith(`${AUTHORITY_ORIGIN}/`)) {
      await endInteraction(client);
      return failure('failed');
    }
    let redirectUrl: string;
    try {
      redirectUrl = await launch(url, interactive);
    } catch (error) {
      // The window was closed, or the page could not be shown: only the first is the user's doing.
      await endInteraction(client);
      if (!interactive) return failure('needsSignIn', error);
      return failure(isClosedByUser(error) ? 'cancelled' : 'pageFailed', error);
    }
    const response = responseIn(redirectUrl, config.redirectUri);
    if (response === null) {
      // Not an answer to our request (malformed, or somewhere else than our redirect URI).
      await endInteraction(client);
      return failure('failed');
    }
    try {
      const result = await client.pca.handleRedirectPromise({ hash: response, navigateToLoginRequestUrl: false });
      return result === null ? failure('failed') : answer(result);
    } catch (error) {
      // (MSAL ends the interaction itself after an answer it could read, even an error.)
      // The user said no on Microsoft's page (error=access_denied): a cancellation, like closing the window.
      if (interactive && error instanceof ServerError && error.errorCode === 'access_denied') {
        return failure('cancelled', error);
      }
      return failure(needsSignIn(error) ? 'needsSignIn' : 'failed', error);
    }
  }

  return {
    signIn: (config: AuthConfig): Promise<OffscreenAnswer> => redirectFlow(config, true),

    /** From the cache or with the refresh token; never a window. */
    async getToken(config: AuthConfig): Promise<OffscreenAnswer> {
      const { pca } = await clientFor(config);
      const account = pca.getAllAccounts()[0];
      if (account === undefined) return failure('needsSignIn');
      try {
        return answer(
          await pca.acquireTokenSilent({
            scopes: config.scopes,
            account,
            cacheLookupPolicy: CacheLookupPolicy.AccessTokenAndRefreshToken,
          }),
        );
      } catch (error) {
        if (!needsSignIn(error)) return failure('failed', error);
      }
      // Refresh token gone or expired: once without UI (prompt=none), never a window unasked.
      return redirectFlow(config, false);
    },

    /** v5 has no logout(): forget the accounts from MSAL's cache. */
    async signOut(config: AuthConfig): Promise<OffscreenAnswer> {
      const { pca } = await clientFor(config);
      for (const account of pca.getAllAccounts()) await pca.clearCache({ account });
      return { ok: true, token: null };
    },
  };
}
