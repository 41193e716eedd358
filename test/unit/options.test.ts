// @vitest-environment happy-dom
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, SETTINGS_KEY, type Settings } from '../../src/core/settings';
import { mountOptions, type OptionsPage, type OptionsPageOptions } from '../../src/options/app';
import { flush, loadPageHtml, stubI18n } from './popup-helpers';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const CLIENT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

const loadOptionsHtml = (): void => loadPageHtml('src/options/options.html');

const el = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found as T;
};
const input = (id: string): HTMLInputElement => el<HTMLInputElement>(id);

function type(id: string, value: string): void {
  const field = input(id);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function toggle(id: string): void {
  input(id).click();
}

async function submit(): Promise<void> {
  el<HTMLButtonElement>('save').click();
  // The save reads storage, then writes it.
  for (let i = 0; i < 5; i++) await flush();
}

const stored = async (): Promise<unknown> => (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];

let page: OptionsPage | undefined;
let text: ReturnType<typeof stubI18n>;
let clipboard: { writeText: ReturnType<typeof vi.fn<(data: string) => Promise<void>>> };

async function open(overrides: OptionsPageOptions = {}): Promise<OptionsPage> {
  page = mountOptions(document, { redirectUrl: () => REDIRECT, clipboard, ...overrides });
  await page.ready;
  return page;
}

beforeEach(() => {
  loadOptionsHtml();
  text = stubI18n('en');
  clipboard = { writeText: vi.fn<(data: string) => Promise<void>>(async () => undefined) };
});

afterEach(() => {
  page?.dispose();
  page = undefined;
  vi.restoreAllMocks();
});

describe('opening', () => {
  it('localises the page and shows the defaults when nothing is stored, without writing', async () => {
    await open();
    expect(document.documentElement.lang).toBe('en-US');
    expect(document.title).toBe(text('optionsTitle'));
    expect(document.querySelector('label[for="client-id"]')?.textContent).toBe('Application (client) ID');
    expect(el('save').textContent).toBe('Save');
    expect(input('client-id').value).toBe('');
    expect(input('tenant').value).toBe('common');
    expect(input('all-files').checked).toBe(false);
    expect(input('notify-completed').checked).toBe(true);
    expect(input('notify-failed').checked).toBe(true);
    expect(input('notify-expired').checked).toBe(true);
    expect(await stored()).toBeUndefined();
  });

  it('shows the stored settings', async () => {
    const settings: Settings = {
      ...defaultSettings(),
      clientId: CLIENT_ID,
      tenant: 'contoso.onmicrosoft.com',
      useAllFilesScope: true,
      notifyOn: { completed: false, failed: true, expired: false },
    };
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: settings });
    await open();
    expect(input('client-id').value).toBe(CLIENT_ID);
    expect(input('tenant').value).toBe('contoso.onmicrosoft.com');
    expect(input('all-files').checked).toBe(true);
    expect(input('notify-completed').checked).toBe(false);
    expect(input('notify-failed').checked).toBe(true);
    expect(input('notify-expired').checked).toBe(false);
  });

  it.each([
    ['a string', 'garbage'],
    ['an array', [1, 2]],
    ['bad fields', { v: 7, clientId: 'nope', tenant: '../evil', useAllFilesScope: 'yes', notifyOn: null }],
  ])('loads corrupt settings (%s) as defaults and repairs storage silently', async (_what, raw) => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: raw });
    await open();
    expect(input('client-id').value).toBe('');
    expect(input('tenant').value).toBe('common');
    expect(input('all-files').checked).toBe(false);
    expect(input('notify-expired').checked).toBe(true);
    expect(await stored()).toEqual(defaultSettings());
    expect(el('save-status').textContent).toBe('');
    expect(el('client-id-error').hidden).toBe(true);
  });
});

describe('saving', () => {
  it('round-trips: what is saved is stored as one valid record and shown again on the next open', async () => {
    await open();
    type('client-id', `  ${CLIENT_ID.toUpperCase()}  `);
    type('tenant', 'Contoso.OnMicrosoft.com');
    toggle('all-files');
    toggle('notify-failed');
    await submit();
    const expected: Settings = {
      ...defaultSettings(),
      clientId: CLIENT_ID,
      tenant: 'contoso.onmicrosoft.com',
      useAllFilesScope: true,
      notifyOn: { completed: true, failed: false, expired: true },
    };
    expect(await stored()).toEqual(expected);
    expect(el('save-status').textContent).toBe('Saved');
    expect(el('save-status').getAttribute('role')).toBe('status');
    // The form shows the stored form of what was typed.
    expect(input('client-id').value).toBe(CLIENT_ID);
    expect(input('tenant').value).toBe('contoso.onmicrosoft.com');

    page?.dispose();
    loadOptionsHtml();
    await open();
    expect(input('client-id').value).toBe(CLIENT_ID);
    expect(input('tenant').value).toBe('contoso.onmicrosoft.com');
    expect(input('all-files').checked).toBe(true);
    expect(input('notify-failed').checked).toBe(false);
  });

  it('stores a blank tenant as common and a blank client id as not configured', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), clientId: CLIENT_ID } });
    await open();
    type('client-id', '');
    type('tenant', '   ');
    await submit();
    expect(await stored()).toEqual(defaultSettings());
    expect(input('tenant').value).toBe('common');
  });

  it('shows and saves the polling preference', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), pollWhilePopupClosed: false } });
    await open();
    expect(input('poll-closed').checked).toBe(false);
    toggle('notify-completed');
    await submit();
    expect(await stored()).toMatchObject({ pollWhilePopupClosed: false, notifyOn: { completed: false } });
    toggle('poll-closed');
    await submit();
    expect(await stored()).toMatchObject({ pollWhilePopupClosed: true });
  });

  it('editing after a save withdraws "Saved"', async () => {
    await open();
    await submit();
    expect(el('save-status').textContent).toBe('Saved');
    toggle('notify-completed');
    expect(el('save-status').textContent).toBe('');
  });

  it('says so when storage refuses the write', async () => {
    await open();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES'));
    await submit();
    expect(el('save-status').textContent).toBe(text('optionsSaveFailed'));
    expect(el('save-status').classList.contains('is-problem')).toBe(true);
  });
});

describe('validation', () => {
  const before: Settings = { ...defaultSettings(), clientId: CLIENT_ID, tenant: 'organizations' };

  it('refuses a bad client id next to the field and leaves storage unchanged', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: before });
    await open();
    type('client-id', 'not-a-guid');
    toggle('all-files');
    await submit();
    expect(await stored()).toEqual(before);
    const field = input('client-id');
    const error = el('client-id-error');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe(text('settingsClientIdInvalid'));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')?.split(' ')).toEqual(['client-id-error', 'client-id-hint']);
    expect(document.activeElement).toBe(field);
    expect(el('save-status').textContent).toBe(text('optionsNotSaved'));
    expect(el('tenant-error').hidden).toBe(true);
    expect(input('tenant').hasAttribute('aria-invalid')).toBe(false);
  });

  it('refuses a bad tenant, marks both bad fields, focuses the first', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: before });
    await open();
    type('client-id', '1234');
    type('tenant', 'login.microsoftonline.com/evil');
    await submit();
    expect(await stored()).toEqual(before);
    expect(el('tenant-error').textContent).toBe(text('settingsTenantInvalid'));
    expect(input('tenant').getAttribute('aria-invalid')).toBe('true');
    expect(input('tenant').getAttribute('aria-describedby')).toBe('tenant-error tenant-hint');
    expect(document.activeElement).toBe(input('client-id'));
  });

  it('editing a field withdraws its complaint; a valid save then clears everything', async () => {
    await open();
    type('tenant', 'single-label');
    await submit();
    expect(el('tenant-error').hidden).toBe(false);
    type('tenant', 'consumers');
    expect(el('tenant-error').hidden).toBe(true);
    expect(input('tenant').hasAttribute('aria-invalid')).toBe(false);
    expect(input('tenant').getAttribute('aria-describedby')).toBe('tenant-hint');
    await submit();
    expect(await stored()).toMatchObject({ tenant: 'consumers' });
    expect(el('save-status').textContent).toBe('Saved');
  });

  it('refuses an XSS-looking tenant and keeps it as plain text', async () => {
    await open();
    const evil = '<img src=x onerror="globalThis.pwned=1">';
    type('tenant', evil);
    await submit();
    expect(await stored()).toBeUndefined();
    expect(input('tenant').value).toBe(evil);
    expect(el('tenant-error').textContent).toBe(text('settingsTenantInvalid'));
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.body.innerHTML).not.toContain('<img src=x');
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });
});

describe('redirect URI', () => {
  it('shows the exact URI read-only and copies it', async () => {
    await open();
    const field = input('redirect-uri');
    expect(field.value).toBe(REDIRECT);
    expect(field.readOnly).toBe(true);
    el<HTMLButtonElement>('copy-redirect').click();
    await flush();
    expect(clipboard.writeText).toHaveBeenCalledWith(REDIRECT);
    const status = el('redirect-uri-status');
    expect(status.textContent).toBe('Copied');
    expect(status.getAttribute('aria-live')).toBe('polite');
  });

  it('uses identity.getRedirectURL by default', async () => {
    const firefox = 'https://0123456789abcdef0123456789abcdef01234567.extensions.allizom.org/';
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(firefox);
    page = mountOptions(document, { clipboard });
    await page.ready;
    expect(input('redirect-uri').value).toBe(firefox);
  });

  it('selects the text and says how to copy it when the clipboard refuses', async () => {
    clipboard.writeText.mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    await open();
    el<HTMLButtonElement>('copy-redirect').click();
    await flush();
    const field = input('redirect-uri');
    expect(document.activeElement).toBe(field);
    expect(field.selectionStart).toBe(0);
    expect(field.selectionEnd).toBe(REDIRECT.length);
    expect(el('redirect-uri-status').textContent).toBe(text('optionsCopyFailed'));
  });

  it('works without a clipboard API', async () => {
    await open({ clipboard: undefined });
    el<HTMLButtonElement>('copy-redirect').click();
    await flush();
    expect(el('redirect-uri-status').textContent).toBe(text('optionsCopyFailed'));
  });

  it('says so when the browser gives no redirect URI', async () => {
    await open({
      redirectUrl: () => {
        throw new Error('identity is not available');
      },
    });
    expect(input('redirect-uri').value).toBe('');
    expect(el<HTMLButtonElement>('copy-redirect').disabled).toBe(true);
    expect(el('redirect-uri-status').textContent).toBe(text('optionsRedirectUnavailable'));
  });
});

describe('Portuguese', () => {
  it('localises the form and the errors', async () => {
    const pt = stubI18n('pt_BR');
    await open();
    expect(document.documentElement.lang).toBe('pt-BR');
    expect(el('save').textContent).toBe('Salvar');
    type('client-id', 'x');
    await submit();
    expect(el('client-id-error').textContent).toBe(pt('settingsClientIdInvalid'));
    expect(el('client-id-error').textContent).not.toBe(text('settingsClientIdInvalid'));
  });
});

describe('the account box', () => {
  const ACCOUNT = { v: 1, state: 'signedIn', username: 'adele@contoso.example', since: 1 } as const;

  it('signed out: offers Sign in, sends it once per click, and shows a refusal in words', async () => {
    const send = vi.fn(async () => ({ ok: false as const, error: { code: 'signInNotConfigured' as const } }));
    await open({ send });
    expect(el('account-status').textContent).toBe(text('optionsAccountSignedOut'));
    expect(el('sign-in').hidden).toBe(false);
    expect(el('sign-out').hidden).toBe(true);
    el<HTMLButtonElement>('sign-in').click();
    for (let i = 0; i < 3; i++) await flush();
    expect(send).toHaveBeenCalledExactlyOnceWith({ type: 'signIn' });
    expect(el('account-message').textContent).toBe(text('error_signInNotConfigured'));
    expect(el('account-message').classList.contains('is-problem')).toBe(true);
  });

  it('follows the stored account: signed in shows the name and Sign out; expiry asks to sign in again', async () => {
    const send = vi.fn(async () => ({ ok: true as const, data: null }));
    await open({ send });
    await fakeBrowser.storage.local.set({ account: ACCOUNT });
    await flush();
    expect(el('account-status').textContent).toBe(text('optionsAccountSignedInAs', ['adele@contoso.example']));
    expect(el('sign-in').hidden).toBe(true);
    expect(el('sign-out').hidden).toBe(false);

    await fakeBrowser.storage.local.set({ account: { ...ACCOUNT, state: 'needsSignIn' } });
    await flush();
    expect(el('account-status').textContent).toBe(text('optionsAccountNeedsSignIn', ['adele@contoso.example']));
    expect(el('sign-in').hidden).toBe(false);

    el<HTMLButtonElement>('sign-out').click();
    for (let i = 0; i < 3; i++) await flush();
    expect(send).toHaveBeenCalledWith({ type: 'signOut' });
    expect(el('account-message').textContent).toBe(text('optionsAccountSignedOutDone'));
  });

  it('Sign in saves the form first, and does not sign in when the form has an error', async () => {
    const send = vi.fn(async () => ({ ok: true as const, data: { username: 'adele@contoso.example' } }));
    await open({ send });
    type('client-id', 'not-a-guid');
    el<HTMLButtonElement>('sign-in').click();
    for (let i = 0; i < 5; i++) await flush();
    expect(send).not.toHaveBeenCalled();
    expect(el('client-id-error').hidden).toBe(false);

    type('client-id', CLIENT_ID);
    el<HTMLButtonElement>('sign-in').click();
    for (let i = 0; i < 5; i++) await flush();
    expect(await stored()).toMatchObject({ clientId: CLIENT_ID });
    expect(send).toHaveBeenCalledExactlyOnceWith({ type: 'signIn' });
  });

  it('reads a corrupt account record as signed out', async () => {
    await fakeBrowser.storage.local.set({ account: { state: 'signedIn', username: 42 } });
    await open();
    expect(el('account-status').textContent).toBe(text('optionsAccountSignedOut'));
  });
});
