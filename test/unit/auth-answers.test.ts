import { describe, expect, it } from 'vitest';
import {
  isAuthorizeUrl,
  readAuthConfig,
  toGraphToken,
  toSignInResult,
  toTokenAnswer,
} from '../../src/background/auth-answers';
import type { OffscreenAnswer } from '../../src/core/auth-protocol';
import { defaultSettings } from '../../src/core/settings';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const REDIRECT = 'https://0123456789abcdef0123456789abcdef01234567.extensions.allizom.org/';

const api = (stored: unknown) => ({
  identity: { getRedirectURL: () => REDIRECT },
  storage: { local: { get: async (key: string) => (stored === undefined ? {} : { [key]: stored }) } },
});

describe('shared auth answers (both browsers)', () => {
  it('builds the configuration from the settings, and none without a client ID', async () => {
    expect(await readAuthConfig(api(undefined))).toBeNull();
    expect(await readAuthConfig(api({ ...defaultSettings(), clientId: null }))).toBeNull();
    expect(
      await readAuthConfig(
        api({ ...defaultSettings(), clientId: CLIENT_ID.toUpperCase(), tenant: 'contoso.com', useAllFilesScope: true }),
      ),
    ).toEqual({
      // A stored upper-case id is read back normalised, as the settings module repairs it.
      clientId: CLIENT_ID,
      tenant: 'contoso.com',
      redirectUri: REDIRECT,
      scopes: ['openid', 'profile', 'offline_access', 'Files.ReadWrite', 'Files.ReadWrite.All'],
    });
  });

  it('maps MSAL answers: tokens only from a real token, notConfigured only when nothing was asked', () => {
    const token: OffscreenAnswer = { ok: true, token: { accessToken: 'at', username: 'u@contoso.com', expiresOn: 1 } };
    const signedOut: OffscreenAnswer = { ok: true, token: null };
    const fail = (failure: 'needsSignIn' | 'cancelled' | 'failed'): OffscreenAnswer => ({
      ok: false,
      failure,
      detail: 'x',
    });

    expect(toTokenAnswer(null)).toEqual({ ok: false, failure: 'notConfigured' });
    expect(toTokenAnswer(token)).toEqual({ ok: true, accessToken: 'at', username: 'u@contoso.com' });
    expect(toTokenAnswer(signedOut)).toEqual({ ok: false, failure: 'failed' });
    expect(toTokenAnswer(fail('needsSignIn'))).toEqual({ ok: false, failure: 'needsSignIn' });
    // A silent call never reports a cancellation: there was no window to cancel.
    expect(toTokenAnswer(fail('cancelled'))).toEqual({ ok: false, failure: 'failed' });
    expect(toTokenAnswer(fail('failed'))).toEqual({ ok: false, failure: 'failed' });

    expect(toSignInResult(null)).toEqual({ ok: false, failure: 'notConfigured' });
    expect(toSignInResult(token)).toEqual({ ok: true, username: 'u@contoso.com' });
    expect(toSignInResult(signedOut)).toEqual({ ok: false, failure: 'failed' });
    for (const failure of ['needsSignIn', 'cancelled', 'failed'] as const) {
      expect(toSignInResult(fail(failure))).toEqual({ ok: false, failure });
    }

    expect(toGraphToken(token)).toBe('at');
    expect([toGraphToken(null), toGraphToken(signedOut), toGraphToken(fail('failed'))]).toEqual([null, null, null]);
  });

  it("accepts only Microsoft's sign-in host for a sign-in window", () => {
    expect(isAuthorizeUrl('https://login.microsoftonline.com/common/oauth2/v2.0/authorize?x=1')).toBe(true);
    for (const url of [
      'https://login.microsoftonline.com.evil.example/common/oauth2/v2.0/authorize',
      'https://login.microsoftonline.com',
      'http://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      'https://evil.example/?https://login.microsoftonline.com/',
      'HTTPS://LOGIN.MICROSOFTONLINE.COM/common',
    ]) {
      expect(isAuthorizeUrl(url), url).toBe(false);
    }
  });
});
