import type { AuthConfig, OffscreenAnswer } from '../core/auth-protocol';
import { AUTHORITY_ORIGIN, authorityFor, readSettings, scopesFor, SETTINGS_KEY } from '../core/settings';
import type { SignInResult, TokenAnswer } from './auth-host';

/**
 * What both browsers' sign-in hosts share around MSAL (src/auth/msal-auth.ts): the settings
 * turned into MSAL's configuration, and MSAL's answers turned into what the background asks
 * for. Chrome: token-provider-chrome.ts (MSAL in the offscreen document); Firefox:
 * src/firefox-background (MSAL in the event page). No MSAL and no DOM here.
 */

/** The slice of the extension API needed to build the configuration. */
export interface AuthSettingsApi {
  identity: { getRedirectURL(): string };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
}

/** MSAL's configuration from the stored settings; null while no client ID is configured. */
export async function readAuthConfig(api: AuthSettingsApi): Promise<AuthConfig | null> {
  const { settings } = readSettings((await api.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  if (settings.clientId === null) return null;
  // The authority must be one we build (throws for a tenant settings would refuse).
  authorityFor(settings.tenant);
  return {
    clientId: settings.clientId,
    tenant: settings.tenant,
    redirectUri: api.identity.getRedirectURL(),
    scopes: scopesFor(settings),
  };
}

/** The only URLs a sign-in window (`identity.launchWebAuthFlow`) may ever open: Microsoft's sign-in host. */
export const isAuthorizeUrl = (url: string): boolean => url.startsWith(`${AUTHORITY_ORIGIN}/`);

/** `answer` null: no client ID configured (nothing was asked of MSAL). */
export function toTokenAnswer(answer: OffscreenAnswer | null): TokenAnswer {
  if (answer === null) return { ok: false, failure: 'notConfigured' };
  if (answer.ok) {
    return answer.token === null
      ? { ok: false, failure: 'failed' }
      : { ok: true, accessToken: answer.token.accessToken, username: answer.token.username };
  }
  return { ok: false, failure: answer.failure === 'needsSignIn' ? 'needsSignIn' : 'failed' };
}

/** `answer` null: no client ID configured (nothing was asked of MSAL). */
export function toSignInResult(answer: OffscreenAnswer | null): SignInResult {
  if (answer === null) return { ok: false, failure: 'notConfigured' };
  if (answer.ok)
    return answer.token === null ? { ok: false, failure: 'failed' } : { ok: true, username: answer.token.username };
  return { ok: false, failure: answer.failure };
}

/** The access token for Graph, or null (not configured, signed out, or anything failed). */
export const toGraphToken = (answer: OffscreenAnswer | null): string | null =>
  answer?.ok === true && answer.token !== null ? answer.token.accessToken : null;
