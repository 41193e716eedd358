import {
  LaunchWebAuthFlowSchema,
  OFFSCREEN_PATH,
  OffscreenAnswerSchema,
  type LaunchAnswer,
  type OffscreenAnswer,
} from '../core/auth-protocol';
import { isAuthorizeUrl, readAuthConfig, toGraphToken, toSignInResult, toTokenAnswer } from './auth-answers';
import type { SignInResult, TokenAnswer } from './auth-host';
import type { TokenProvider } from './graph-client';

/**
 * Chrome: MSAL runs in an offscreen document (sign-in.md "Where MSAL can run"); this side makes
 * sure the document exists, asks it for tokens, and opens the sign-in window it asks for.
 * No MSAL and no DOM here.
 */

/** The slice of `chrome.*` used here (webextension-polyfill has no `offscreen`). */
export interface ChromeAuthApi {
  offscreen: {
    createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
    hasDocument?: () => Promise<boolean>;
  };
  runtime: {
    id: string;
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    getContexts?: (filter: { contextTypes: string[]; documentUrls?: string[] }) => Promise<unknown[]>;
  };
  identity: {
    launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
    getRedirectURL(path?: string): string;
  };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
}

export function createChromeTokenProvider(api: ChromeAuthApi) {
  const offscreenUrl = api.runtime.getURL(OFFSCREEN_PATH);
  let creating: Promise<void> | null = null;

  const hasDocument = async (): Promise<boolean> => {
    if (api.runtime.getContexts) {
      const contexts = await api.runtime.getContexts({
        contextTypes: ['OFFSCREEN_DOCUMENT'],
        documentUrls: [offscreenUrl],
      });
      return contexts.length > 0;
    }
    return (await api.offscreen.hasDocument?.()) ?? false;
  };

  /** Only one offscreen document per extension: concurrent callers share one creation. */
  const ensureDocument = async (): Promise<void> => {
    if (await hasDocument()) return;
    creating ??= api.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['LOCAL_STORAGE'],
        justification: 'Signs in to Microsoft with MSAL, which keeps its token cache in localStorage.',
      })
      .finally(() => {
        creating = null;
      });
    await creating;
  };

  /** null: no client ID configured, and nothing was asked of the offscreen document. */
  const ask = async (kind: 'signIn' | 'getToken' | 'signOut'): Promise<OffscreenAnswer | null> => {
    const config = await readAuthConfig(api);
    if (config === null) return null;
    await ensureDocument();
    const parsed = OffscreenAnswerSchema.safeParse(
      await api.runtime.sendMessage({ target: 'offscreen', kind, config }),
    );
    return parsed.success ? parsed.data : { ok: false, failure: 'failed', detail: 'badAnswer' };
  };

  const provider: TokenProvider & {
    acquireToken(): Promise<TokenAnswer>;
    signIn(): Promise<SignInResult>;
    signOut(): Promise<void>;
    closeDocument(): Promise<void>;
    /** Handles the offscreen document's requests; undefined for any other message. */
    handleMessage(
      message: unknown,
      sender: { id?: string | undefined; url?: string | undefined },
    ): Promise<LaunchAnswer> | undefined;
  } = {
    async getGraphToken() {
      return toGraphToken(await ask('getToken'));
    },
    async acquireToken() {
      return toTokenAnswer(await ask('getToken'));
    },
    async signIn() {
      return toSignInResult(await ask('signIn'));
    },
    async signOut() {
      await ask('signOut');
    },
    async closeDocument() {
      if (await hasDocument()) await api.offscreen.closeDocument();
    },
    handleMessage(message, sender) {
      if (sender.id !== api.runtime.id || sender.url !== offscreenUrl) return undefined;
      const parsed = LaunchWebAuthFlowSchema.safeParse(message);
      if (!parsed.success) return undefined;
      const { url, interactive } = parsed.data;
      // Only ever open Microsoft's sign-in page.
      if (!isAuthorizeUrl(url)) return Promise.resolve({ ok: false, detail: 'badUrl' });
      return api.identity.launchWebAuthFlow({ url, interactive }).then(
        (redirectUrl): LaunchAnswer => (redirectUrl ? { ok: true, redirectUrl } : { ok: false, detail: 'noRedirect' }),
        (error: unknown): LaunchAnswer => ({ ok: false, detail: error instanceof Error ? error.message : 'failed' }),
      );
    },
  };
  return provider;
}
