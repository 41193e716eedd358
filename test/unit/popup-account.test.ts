// @vitest-environment happy-dom
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../src/core/account';
import type { Command, CommandResult } from '../../src/core/messages';
import { mountPopup, type Popup } from '../../src/popup/app';
import { flush, loadPopupHtml, okResult, stubI18n, stubRuntime, T0 } from './popup-helpers';

let popup: Popup | undefined;
let text: ReturnType<typeof stubI18n>;
let sent: Command[];
let answer: (command: Command) => CommandResult | Promise<CommandResult>;

const send = async (command: Command): Promise<CommandResult> => {
  sent.push(command);
  return answer(command);
};

async function open(): Promise<Popup> {
  popup = mountPopup(document, { search: '', now: () => T0, send });
  await popup.ready;
  await flush();
  return popup;
}

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};
const signedIn = (username = 'ana@contoso.com'): Account => ({ v: 1, state: 'signedIn', username, since: T0 });
const needsSignIn = (username = 'ana@contoso.com'): Account => ({ v: 1, state: 'needsSignIn', username, since: T0 });

/** What a person sees in the strip: the sentence and the buttons that are shown. */
function strip() {
  const visible = (id: string) => !byId(id).hidden;
  return {
    state: byId('account').dataset['state'],
    status: byId('account-status').textContent,
    buttons: ['new-copy', 'sign-in', 'sign-out'].filter(visible).map((id) => byId(id).textContent?.trim()),
  };
}

beforeEach(() => {
  loadPopupHtml();
  text = stubI18n('en');
  stubRuntime();
  sent = [];
  answer = () => okResult();
});

afterEach(() => {
  popup?.dispose();
  popup = undefined;
  vi.restoreAllMocks();
});

describe('the account strip', () => {
  it('shows nothing until the stored account is read, then "Sign in with Microsoft" when nobody is', async () => {
    popup = mountPopup(document, { search: '', now: () => T0, send });
    expect(byId('account').dataset['state']).toBeUndefined();
    expect(strip().buttons).toEqual([]);
    await popup.ready;
    await flush();
    expect(strip()).toEqual({
      state: 'signedOut',
      status: text('accountSignedOut'),
      buttons: ['Sign in with Microsoft'],
    });
  });

  it('shows the user name, New copy and Sign out when signed in', async () => {
    await fakeBrowser.storage.local.set({ account: signedIn('<b>ana</b>@contoso.com') });
    await open();
    expect(strip()).toEqual({
      state: 'signedIn',
      status: 'Signed in as <b>ana</b>@contoso.com',
      buttons: ['New copy', 'Sign out'],
    });
    expect(byId('account').querySelector('b')).toBeNull();
  });

  it('says clearly to sign in again when the sign-in expired', async () => {
    await fakeBrowser.storage.local.set({ account: needsSignIn() });
    await open();
    expect(strip()).toEqual({
      state: 'needsSignIn',
      status: 'Sign in again: the sign-in of ana@contoso.com has expired.',
      buttons: ['Sign in again', 'Sign out'],
    });
  });

  it('treats a damaged record as signed out', async () => {
    await fakeBrowser.storage.local.set({ account: { v: 1, state: 'bogus', username: 'x', since: 0 } });
    await open();
    expect(strip().state).toBe('signedOut');
  });

  it('follows storage changes: sign-in, expiry, sign-out', async () => {
    await open();
    await fakeBrowser.storage.local.set({ account: signedIn() });
    expect(strip().buttons).toEqual(['New copy', 'Sign out']);
    await fakeBrowser.storage.local.set({ account: needsSignIn() });
    expect(strip().state).toBe('needsSignIn');
    await fakeBrowser.storage.local.remove('account');
    expect(strip()).toMatchObject({ state: 'signedOut', buttons: ['Sign in with Microsoft'] });
  });

  it('a change that lands while the first read is out is not overwritten by that read', async () => {
    await fakeBrowser.storage.local.set({ account: signedIn() });
    const realGet = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation(async (keys: unknown) => {
      const value = await realGet(keys as never);
      if (keys === 'account') await gate;
      return value;
    });
    popup = mountPopup(document, { search: '', now: () => T0, send });
    await flush();
    await fakeBrowser.storage.local.remove('account');
    expect(strip().state).toBe('signedOut');
    release();
    await flush();
    expect(strip().state).toBe('signedOut');
  });
});

describe('signing in and out', () => {
  it('Sign in sends signIn once while it is out, and announces the user', async () => {
    let finish!: (result: CommandResult) => void;
    answer = (command) => (command.type === 'signIn' ? new Promise((resolve) => (finish = resolve)) : okResult());
    await open();
    const button = byId<HTMLButtonElement>('sign-in');
    button.click();
    button.click();
    expect(sent.filter((c) => c.type === 'signIn')).toHaveLength(1);
    expect(button.disabled).toBe(true);
    finish(okResult({ username: 'ana@contoso.com' }));
    await flush();
    expect(button.disabled).toBe(false);
    expect(byId('announcer').textContent).toBe('Signed in as ana@contoso.com');
  });

  it.each(['signInCancelled', 'signInFailed', 'signInUnavailable'] as const)(
    'shows %s localised, without the options button',
    async (code) => {
      answer = () => ({ ok: false, error: { code } });
      await open();
      byId('sign-in').click();
      await flush();
      const error = byId('account-error');
      expect(error.hidden).toBe(false);
      expect(error.getAttribute('role')).toBe('alert');
      expect(error.textContent).toBe(text(`error_${code}`));
      expect(byId('account-options').hidden).toBe(true);
    },
  );

  it('shows the error in Portuguese too', async () => {
    vi.restoreAllMocks();
    text = stubI18n('pt_BR');
    stubRuntime();
    answer = () => ({ ok: false, error: { code: 'signInCancelled' } });
    await open();
    expect(byId('sign-in').textContent).toBe('Entrar com a Microsoft');
    byId('sign-in').click();
    await flush();
    expect(byId('account-error').textContent).toBe(text('error_signInCancelled'));
    expect(byId('account-error').textContent).not.toBe('');
  });

  it('offers the options page when sign-in is not configured', async () => {
    const openOptionsPage = vi.fn(async () => undefined);
    (fakeBrowser.runtime as unknown as { openOptionsPage: unknown }).openOptionsPage = openOptionsPage;
    answer = () => ({ ok: false, error: { code: 'signInNotConfigured' } });
    await open();
    byId('sign-in').click();
    await flush();
    expect(byId('account-error').textContent).toBe(text('error_signInNotConfigured'));
    const options = byId<HTMLButtonElement>('account-options');
    expect(options.hidden).toBe(false);
    expect(options.textContent?.trim()).toBe('Open the options');
    options.click();
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
  });

  it('the error goes away once signed in', async () => {
    answer = () => ({ ok: false, error: { code: 'signInFailed' } });
    await open();
    byId('sign-in').click();
    await flush();
    expect(byId('account-error').hidden).toBe(false);
    await fakeBrowser.storage.local.set({ account: signedIn() });
    expect(byId('account-error').hidden).toBe(true);
  });

  it('Sign out sends signOut; focus moves to Sign in once the account is gone', async () => {
    await fakeBrowser.storage.local.set({ account: signedIn() });
    await open();
    const signOut = byId<HTMLButtonElement>('sign-out');
    signOut.focus();
    signOut.click();
    await flush();
    expect(sent).toContainEqual({ type: 'signOut' });
    expect(byId('announcer').textContent).toBe('Signed out');
    await fakeBrowser.storage.local.remove('account');
    expect(signOut.hidden).toBe(true);
    expect(document.activeElement).toBe(byId('sign-in'));
  });
});

describe('the options button in the header', () => {
  it('has a name and opens the options page', async () => {
    const openOptionsPage = vi.fn(async () => undefined);
    (fakeBrowser.runtime as unknown as { openOptionsPage: unknown }).openOptionsPage = openOptionsPage;
    await open();
    const button = byId<HTMLButtonElement>('open-options');
    expect(button.getAttribute('aria-label')).toBe('Options');
    expect(button.title).toBe('Options');
    button.click();
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
  });
});
