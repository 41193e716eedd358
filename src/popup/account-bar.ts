import type { Account } from '../core/account';
import type { ErrorCode } from '../core/messages';
import type { SendCommand } from './commands';
import { t } from './i18n';

export interface AccountBarElements {
  root: HTMLElement;
  status: HTMLElement;
  signIn: HTMLButtonElement;
  signOut: HTMLButtonElement;
  newCopy: HTMLButtonElement;
  error: HTMLElement;
  /** Offered next to the error when sign-in needs a client id first. */
  errorOptions: HTMLButtonElement;
}

export interface AccountBarOptions {
  send: SendCommand;
  announce: (message: string) => void;
  openOptions: () => void;
  onNewCopy: () => void;
}

export type AccountView = 'signedOut' | 'signedIn' | 'needsSignIn';

export interface AccountBar {
  /** The stored account record (null = signed out); the bar shows nothing until the first call. */
  show(account: Account | null): void;
  showError(code: ErrorCode | null): void;
  readonly view: AccountView | null;
  dispose(): void;
}

const usernameOf = (data: unknown): string | null => {
  const name = (data as { username?: unknown } | null)?.username;
  return typeof name === 'string' ? name : null;
};

/**
 * The strip under the header: who is signed in (as the background last stored it), and the
 * buttons that go with that state. Sign-in opens the browser's own window; the popup may close
 * meanwhile, and the stored record tells the next popup how it went.
 */
export function createAccountBar(els: AccountBarElements, options: AccountBarOptions): AccountBar {
  const doc = els.root.ownerDocument;
  let view: AccountView | null = null;
  let isSigningIn = false;
  let isSigningOut = false;

  function showError(code: ErrorCode | null): void {
    els.error.textContent = code === null ? '' : t(`error_${code}`);
    els.error.hidden = code === null;
    els.errorOptions.hidden = code !== 'signInNotConfigured';
  }

  function show(account: Account | null): void {
    const hadFocus = els.root.contains(doc.activeElement);
    view = account === null ? 'signedOut' : account.state;
    els.root.dataset['state'] = view;
    els.status.textContent =
      account === null
        ? t('accountSignedOut')
        : account.state === 'signedIn'
          ? t('accountSignedIn', account.username)
          : t('accountNeedsSignIn', account.username);
    els.signIn.textContent = view === 'needsSignIn' ? t('accountSignInAgain') : t('accountSignIn');
    els.signIn.hidden = view === 'signedIn';
    els.signOut.hidden = view === 'signedOut';
    els.newCopy.hidden = view !== 'signedIn';
    if (view === 'signedIn' && !els.error.hidden) showError(null);
    // The button that was pressed may be gone (signed out): keep the keyboard in the bar.
    const active = doc.activeElement;
    if (hadFocus && (active === null || active === doc.body || (active instanceof HTMLElement && active.hidden))) {
      (view === 'signedIn' ? els.newCopy : els.signIn).focus();
    }
  }

  async function signIn(): Promise<void> {
    if (isSigningIn) return;
    isSigningIn = true;
    els.signIn.disabled = true;
    els.root.setAttribute('aria-busy', 'true');
    showError(null);
    try {
      const result = await options.send({ type: 'signIn' });
      if (!result.ok) {
        showError(result.error.code);
        return;
      }
      const username = usernameOf(result.data);
      if (username !== null) options.announce(t('announceSignedIn', username));
    } finally {
      isSigningIn = false;
      els.signIn.disabled = false;
      els.root.removeAttribute('aria-busy');
      // Disabling the focused button dropped focus; give it back if nothing else took it.
      if (!els.signIn.hidden && (doc.activeElement === null || doc.activeElement === doc.body)) els.signIn.focus();
    }
  }

  async function signOut(): Promise<void> {
    if (isSigningOut) return;
    isSigningOut = true;
    showError(null);
    try {
      const result = await options.send({ type: 'signOut' });
      if (result.ok) options.announce(t('announceSignedOut'));
      else showError(result.error.code);
    } finally {
      isSigningOut = false;
    }
  }

  const onSignIn = (): void => void signIn();
  const onSignOut = (): void => void signOut();
  const onNewCopy = (): void => options.onNewCopy();
  const onOptions = (): void => options.openOptions();
  els.signIn.addEventListener('click', onSignIn);
  els.signOut.addEventListener('click', onSignOut);
  els.newCopy.addEventListener('click', onNewCopy);
  els.errorOptions.addEventListener('click', onOptions);

  return {
    show,
    showError,
    get view() {
      return view;
    },
    dispose() {
      els.signIn.removeEventListener('click', onSignIn);
      els.signOut.removeEventListener('click', onSignOut);
      els.newCopy.removeEventListener('click', onNewCopy);
      els.errorOptions.removeEventListener('click', onOptions);
    },
  };
}
