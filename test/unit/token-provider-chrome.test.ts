import { describe, expect, it, vi } from 'vitest';
import { createChromeTokenProvider, type ChromeAuthApi } from '../../src/background/token-provider-chrome';
import { defaultSettings } from '../../src/core/settings';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const OFFSCREEN = `${ORIGIN}src/offscreen/offscreen.html`;
const CLIENT_ID = '11111111-2222-3333-4444-555555555555';

/** A fake of the chrome.* slice the provider uses; `answer` plays the offscreen document. */
function fakeApi(options: { clientId?: string | null; answer?: unknown } = {}) {
  let hasDocument = false;
  const sent: unknown[] = [];
  const api = {
    offscreen: {
      createDocument: vi.fn(async () => {
        hasDocument = true;
      }),
      closeDocument: vi.fn(async () => {
        hasDocument = false;
      }),
      hasDocument: async () => hasDocument,
    },
    runtime: {
      id: ID,
      getURL: (path: string) => `${ORIGIN}${path}`,
      sendMessage: vi.fn(async (message: unknown) => {
        sent.push(message);
        return (
          options.answer ?? { ok: true, token: { accessToken: 'at', username: 'megan@contoso.com', expiresOn: null } }
        );
      }),
    },
    identity: {
      launchWebAuthFlow: vi.fn(
        async ({ url }: { url: string }) => `https://${ID}.chromiumapp.org/#code=c&state=${url.length}`,
      ),
      getRedirectURL: () => `https://${ID}.chromiumapp.org/`,
    },
    storage: {
      local: {
        get: async () => ({
          settings: { ...defaultSettings(), clientId: options.clientId === undefined ? CLIENT_ID : options.clientId },
        }),
      },
    },
  } satisfies ChromeAuthApi;
  return { api, sent };
}

describe('Chrome token provider', () => {
  it('asks for nothing until a client ID is configured', async () => {
    const { api } = fakeApi({ clientId: null });
    const provider = createChromeTokenProvider(api);
    expect(await provider.signIn()).toEqual({ ok: false, failure: 'notConfigured' });
    expect(await provider.acquireToken()).toEqual({ ok: false, failure: 'notConfigured' });
    expect(await provider.getGraphToken()).toBeNull();
    expect(api.offscreen.createDocument).not.toHaveBeenCalled();
  });

  it('creates one offscreen document for concurrent callers and passes the configuration', async () => {
    const { api, sent } = fakeApi();
    const provider = createChromeTokenProvider(api);
    const [a, b] = await Promise.all([provider.getGraphToken(), provider.getGraphToken()]);
    expect([a, b]).toEqual(['at', 'at']);
    expect(api.offscreen.createDocument).toHaveBeenCalledTimes(1);
    expect(sent[0]).toEqual({
      target: 'offscreen',
      kind: 'getToken',
      config: {
        clientId: CLIENT_ID,
        tenant: 'common',
        redirectUri: `https://${ID}.chromiumapp.org/`,
        scopes: ['openid', 'profile', 'offline_access', 'Files.ReadWrite'],
      },
    });
  });

  it('treats a malformed answer from the offscreen document as a failure, never as a token', async () => {
    const { api } = fakeApi({ answer: { ok: true, token: { accessToken: 42 } } });
    const provider = createChromeTokenProvider(api);
    expect(await provider.getGraphToken()).toBeNull();
    expect(await provider.acquireToken()).toEqual({ ok: false, failure: 'failed' });
    expect(await provider.signIn()).toEqual({ ok: false, failure: 'failed' });
  });

  it("opens a sign-in window only for the offscreen document, and only on Microsoft's sign-in host", async () => {
    const { api } = fakeApi();
    const provider = createChromeTokenProvider(api);
    const launch = (url: string) => ({ target: 'worker', kind: 'launchWebAuthFlow', url, interactive: true });
    const authorize = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x';
    // Wrong sender: not handled at all.
    expect(provider.handleMessage(launch(authorize), { id: ID, url: `${ORIGIN}src/popup/popup.html` })).toBeUndefined();
    expect(provider.handleMessage(launch(authorize), { id: 'other', url: OFFSCREEN })).toBeUndefined();
    // Wrong host: refused without opening anything.
    for (const url of [
      'https://login.microsoftonline.com.evil.example/common/oauth2/v2.0/authorize',
      'https://evil.example/?https://login.microsoftonline.com/',
      'http://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    ]) {
      expect(await provider.handleMessage(launch(url), { id: ID, url: OFFSCREEN })).toEqual({
        ok: false,
        detail: 'badUrl',
      });
    }
    expect(api.identity.launchWebAuthFlow).not.toHaveBeenCalled();
    const answer = await provider.handleMessage(launch(authorize), { id: ID, url: OFFSCREEN });
    expect(answer).toMatchObject({ ok: true });
    expect(api.identity.launchWebAuthFlow).toHaveBeenCalledWith({ url: authorize, interactive: true });
  });

  it('reports a closed sign-in window as a failure the offscreen document can act on', async () => {
    const { api } = fakeApi();
    api.identity.launchWebAuthFlow.mockRejectedValueOnce(new Error('The user did not approve access.'));
    const provider = createChromeTokenProvider(api);
    const answer = await provider.handleMessage(
      {
        target: 'worker',
        kind: 'launchWebAuthFlow',
        url: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
        interactive: true,
      },
      { id: ID, url: OFFSCREEN },
    );
    expect(answer).toEqual({ ok: false, detail: 'The user did not approve access.' });
  });
});
