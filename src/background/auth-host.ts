/**
 * What the rest of the background asks of a browser's sign-in host. MSAL lives behind it: in a
 * Chrome offscreen document (token-provider-chrome.ts) or in the Firefox event page itself
 * (src/firefox-background). Nothing here opens a window except `signIn`.
 */

export type SignInResult =
  { ok: true; username: string } | { ok: false; failure: 'cancelled' | 'pageFailed' | 'failed' | 'notConfigured' | 'needsSignIn' };

export type TokenAnswer =
  | { ok: true; accessToken: string; username: string }
  /**
   * needsSignIn: no account, or its refresh token expired and the one silent attempt failed.
   * notConfigured: no client ID in the options. failed: anything else (network, bad answer).
   */
  | { ok: false; failure: 'needsSignIn' | 'notConfigured' | 'failed' };

export interface AuthCommands {
  /** Interactive: opens the browser's sign-in window. Only ever called for a user's click. */
  signIn(): Promise<SignInResult>;
  /** Forgets the account and its tokens. */
  signOut(): Promise<void>;
  /** From the cache or the refresh token, or one prompt=none attempt; never a visible window. */
  acquireToken(): Promise<TokenAnswer>;
}
