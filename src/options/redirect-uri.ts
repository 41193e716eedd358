import { t } from '../popup/i18n';

export interface RedirectUriElements {
  input: HTMLInputElement;
  copy: HTMLButtonElement;
  status: HTMLElement;
}

export interface RedirectUriOptions {
  /** `identity.getRedirectURL()`; may throw where the identity API is missing. */
  redirectUrl: () => string;
  /** `navigator.clipboard`; undefined where the page has none. */
  clipboard: Pick<Clipboard, 'writeText'> | undefined;
}

/** Shows this browser's redirect URI read-only, with a Copy button that says what happened. */
export function createRedirectUriBox(els: RedirectUriElements, options: RedirectUriOptions): { dispose(): void } {
  function say(message: string, isProblem: boolean): void {
    els.status.classList.toggle('is-problem', isProblem);
    // A live region whose text does not change is not read again: clear it first.
    els.status.textContent = '';
    els.status.textContent = message;
  }

  let uri = '';
  try {
    uri = options.redirectUrl();
  } catch {
    uri = '';
  }
  els.input.value = uri;
  if (uri === '') {
    els.copy.disabled = true;
    say(t('optionsRedirectUnavailable'), true);
  }

  async function copy(): Promise<void> {
    try {
      if (!options.clipboard) throw new Error('no clipboard');
      await options.clipboard.writeText(uri);
      say(t('optionsCopied'), false);
    } catch {
      // No clipboard permission or no user activation: leave the text selected for a manual copy.
      els.input.focus();
      els.input.select();
      say(t('optionsCopyFailed'), true);
    }
  }

  const onClick = (): void => void copy();
  els.copy.addEventListener('click', onClick);
  return {
    dispose() {
      els.copy.removeEventListener('click', onClick);
    },
  };
}
