import type { LaunchWebAuthFlow, MsalAuth } from '../auth/msal-auth';
import {
  isAuthorizeUrl,
  readAuthConfig,
  toGraphToken,
  toSignInResult,
  toTokenAnswer,
  type AuthSettingsApi,
} from '../background/auth-answers';
import type { AuthCommands } from '../background/auth-host';
import type { TokenProvider } from '../background/graph-client';
import type { OffscreenAnswer } from '../core/auth-protocol';

/**
 * Firefox: MSAL runs in the event page itself, which has a DOM (sign-in.md "Where MSAL can
 * run"). This host reads the settings, loads MSAL on the first call that needs it (an event page
 * woken by a polling alarm never parses it), and opens the browser's sign-in window for it.
 */

/** The slice of `browser.*` used here. Looked up at each call, never cached. */
export interface FirefoxAuthApi extends AuthSettingsApi {
  identity: AuthSettingsApi['identity'] & {
    launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<unknown>;
  };
}

/** Loads MSAL and creates the auth module around `launch` (a dynamic import in the build). */
export type LoadMsalAuth = (launch: LaunchWebAuthFlow) => Promise<MsalAuth>;

export function createFirefoxAuthHost(api: FirefoxAuthApi, load: LoadMsalAuth): AuthCommands & TokenProvider {
  let loading: Promise<MsalAuth> | null = null;
  let signingIn: Promise<OffscreenAnswer | null> | null = null;

  // MSAL's authorize URL, opened in the browser's sign-in window (interactive) or as an
  // invisible request (prompt=none). Only ever Microsoft's sign-in host.
  const launch: LaunchWebAuthFlow = async (url, interactive) => {
    if (!isAuthorizeUrl(url)) throw new Error('badUrl');
    const redirectUrl: unknown = await api.identity.launchWebAuthFlow({ url, interactive });
    // msal-auth refuses anything that is not a URL on our redirect URI; '' is never one.
    return typeof redirectUrl === 'string' ? redirectUrl : '';
  };

  const msal = (): Promise<MsalAuth> => {
    if (loading === null) {
      const started = load(launch);
      loading = started;
      // A failed load (say, the chunk could not be read) is tried again by the next call.
      started.catch(() => {
        if (loading === started) loading = null;
      });
    }
    return loading;
  };

  /** null: no client ID configured, and MSAL was not even loaded. */
  const run = async (kind: 'signIn' | 'getToken' | 'signOut'): Promise<OffscreenAnswer | null> => {
    try {
      const config = await readAuthConfig(api);
      if (config === null) return null;
      const auth = await msal();
      return await auth[kind](config);
    } catch (error) {
      return { ok: false, failure: 'failed', detail: error instanceof Error ? error.name : 'unknown' };
    }
  };

  return {
    async getGraphToken() {
      return toGraphToken(await run('getToken'));
    },
    async acquireToken() {
      return toTokenAnswer(await run('getToken'));
    },
    async signIn() {
      // A second click while the window is open shares the first sign-in instead of failing on
      // MSAL's "interaction in progress".
      signingIn ??= run('signIn').finally(() => {
        signingIn = null;
      });
      return toSignInResult(await signingIn);
    },
    async signOut() {
      await run('signOut');
    },
  };
}
