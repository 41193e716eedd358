import { ACCOUNT_KEY, readAccount, type Account } from '../core/account';
import type { AuthCommands, SignInResult } from './auth-host';
import type { TokenProvider } from './graph-client';

export type TokenOutcome = { ok: true; accessToken: string } | { ok: false; reason: NoToken | 'failed' };

/** The part of `storage.local` used here. */
export interface AccountArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Why no token came: nobody signed in, or the sign-in expired and the user must act. */
export type NoToken = 'signedOut' | 'signInNeeded';

/**
 * Keeps the stored `account` record (what the popup and badge show) in step with what the
 * sign-in host reports, and hands out Graph tokens. Once the host says the sign-in expired
 * (after its one silent attempt), no further attempt is made until the user signs in again:
 * a background that keeps trying would loop on the identity service.
 */
export function createAccount(deps: { auth: AuthCommands | undefined; area: AccountArea; now: () => number }) {
  const { auth, area } = deps;
  let lastNoToken: NoToken | 'failed' = 'signedOut';
  // The background is the record's only writer, so one read per lifetime stays true (the badge
  // asks on every polling round).
  let cached: Promise<Account | null> | null = null;

  const read = (): Promise<Account | null> =>
    (cached ??= area.get(ACCOUNT_KEY).then((all) => readAccount(all[ACCOUNT_KEY])));
  const write = async (state: Account['state'], username: string): Promise<void> => {
    const current = await read();
    if (current?.state === state && current.username === username) return;
    const record: Account = { v: 1, state, username, since: deps.now() };
    cached = Promise.resolve(record);
    await area.set({ [ACCOUNT_KEY]: record });
  };

  let tokenInFlight: Promise<TokenOutcome> | null = null;
  async function fetchToken(): Promise<TokenOutcome> {
    const stored = await read();
    if (auth === undefined || stored === null) return { ok: false, reason: 'signedOut' };
    if (stored.state === 'needsSignIn') return { ok: false, reason: 'signInNeeded' };
    const answer = await auth.acquireToken();
    if (answer.ok) {
      await write('signedIn', answer.username);
      return { ok: true, accessToken: answer.accessToken };
    }
    if (answer.failure === 'needsSignIn') {
      await write('needsSignIn', stored.username);
      return { ok: false, reason: 'signInNeeded' };
    }
    // notConfigured (client id removed) or a passing failure: the account stays as it was.
    return { ok: false, reason: answer.failure === 'notConfigured' ? 'signedOut' : 'failed' };
  }

  const account = {
    read,

    async signIn(): Promise<SignInResult> {
      if (auth === undefined) return { ok: false, failure: 'failed' };
      const result = await auth.signIn();
      if (result.ok) await write('signedIn', result.username);
      return result;
    },

    async signOut(): Promise<void> {
      // Forget our record first: even if MSAL's cache cannot be reached, we stop using it.
      cached = Promise.resolve(null);
      await area.remove(ACCOUNT_KEY);
      if (auth !== undefined) await auth.signOut();
    },

    /**
     * A Graph token, or why there is none. Never opens a window. Callers at the same moment
     * (a folder and its children are fetched together) share one attempt.
     */
    token(): Promise<TokenOutcome> {
      tokenInFlight ??= fetchToken().finally(() => {
        tokenInFlight = null;
      });
      return tokenInFlight;
    },

    /** For the Graph client; `whyNoToken` tells the caller what the last null meant. */
    tokens: {
      async getGraphToken(): Promise<string | null> {
        const answer = await account.token();
        if (answer.ok) return answer.accessToken;
        lastNoToken = answer.reason;
        return null;
      },
    } satisfies TokenProvider,
    whyNoToken: (): NoToken | 'failed' => lastNoToken,
  };
  return account;
}
export type AccountService = ReturnType<typeof createAccount>;
