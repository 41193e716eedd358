import browser from 'webextension-polyfill';
import { ACCOUNT_KEY, readAccount, type Account } from '../core/account';
import type { Command, CommandResult } from '../core/messages';
import { t } from '../popup/i18n';

export interface AccountBoxElements {
  status: HTMLElement;
  signIn: HTMLButtonElement;
  signOut: HTMLButtonElement;
  message: HTMLElement;
}

type StorageChanges = Record<string, { newValue?: unknown }>;

/**
 * Who is signed in, with Sign in / Sign out, on the options page. Reads the stored account
 * record (never a token) and follows its changes; the buttons ask the background.
 */
export function createAccountBox(
  els: AccountBoxElements,
  send: (command: Command) => Promise<CommandResult>,
  /** Saves the form; false when it could not (its errors are shown there). Sign-in reads what is stored. */
  saveFirst: () => Promise<boolean> = () => Promise.resolve(true),
) {
  const show = (account: Account | null): void => {
    els.status.textContent =
      account === null
        ? t('optionsAccountSignedOut')
        : account.state === 'needsSignIn'
          ? t('optionsAccountNeedsSignIn', [account.username])
          : t('optionsAccountSignedInAs', [account.username]);
    els.signIn.hidden = account?.state === 'signedIn';
    els.signOut.hidden = account === null;
  };
  const say = (text: string, isProblem = false): void => {
    els.message.classList.toggle('is-problem', isProblem);
    els.message.textContent = '';
    els.message.textContent = text;
  };

  const onClickSignIn = async (): Promise<void> => {
    els.signIn.disabled = true;
    say('');
    try {
      if (!(await saveFirst())) return;
      const result = await send({ type: 'signIn' });
      if (!result.ok) say(t(`error_${result.error.code}`), true);
    } finally {
      els.signIn.disabled = false;
    }
  };
  const onClickSignOut = async (): Promise<void> => {
    els.signOut.disabled = true;
    try {
      const result = await send({ type: 'signOut' });
      if (result.ok) say(t('optionsAccountSignedOutDone'));
      else say(t(`error_${result.error.code}`), true);
    } finally {
      els.signOut.disabled = false;
    }
  };
  const signInListener = (): void => void onClickSignIn();
  const signOutListener = (): void => void onClickSignOut();
  const onChanged = (changes: StorageChanges, area: string): void => {
    if (area === 'local' && ACCOUNT_KEY in changes) show(readAccount(changes[ACCOUNT_KEY]?.newValue));
  };
  els.signIn.addEventListener('click', signInListener);
  els.signOut.addEventListener('click', signOutListener);
  browser.storage.onChanged.addListener(onChanged);
  const ready = browser.storage.local.get(ACCOUNT_KEY).then((all) => show(readAccount(all[ACCOUNT_KEY])));

  return {
    ready,
    dispose(): void {
      els.signIn.removeEventListener('click', signInListener);
      els.signOut.removeEventListener('click', signOutListener);
      browser.storage.onChanged.removeListener(onChanged);
    },
  };
}
