import { MAX_NAME_LENGTH } from '../core/job';
import type { ErrorCode } from '../core/messages';
import { checkMonitorUrl } from '../core/monitor-url';
import type { SendCommand } from './commands';
import { t } from './i18n';

export interface TrackFormElements {
  form: HTMLFormElement;
  url: HTMLInputElement;
  urlError: HTMLElement;
  name: HTMLInputElement;
  nameError: HTMLElement;
}

export interface TrackFormOptions {
  /** Monitor URLs already in the list, for the "already tracked" check. Kept in memory only. */
  trackedUrls: () => Iterable<string>;
  send: SendCommand;
  announce: (message: string) => void;
}

/**
 * The "track a copy" form. The typed URL is a secret: it lives in the input's value and in
 * the message to the background, never in an attribute, a label or a log.
 */
export function createTrackForm(els: TrackFormElements, options: TrackFormOptions): { dispose(): void } {
  // Submits in flight. A second copy may be pasted while the first is still being answered:
  // it is sent too, never dropped.
  let pending = 0;

  function showError(input: HTMLInputElement, box: HTMLElement, code: ErrorCode | null): void {
    if (code === null) {
      box.textContent = '';
      box.hidden = true;
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      return;
    }
    box.textContent = t(`error_${code}`);
    box.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', box.id);
  }

  function fieldFor(code: ErrorCode): [HTMLInputElement, HTMLElement] {
    return code === 'nameTooLong' ? [els.name, els.nameError] : [els.url, els.urlError];
  }

  function fail(code: ErrorCode): void {
    const [input, box] = fieldFor(code);
    showError(input, box, code);
    options.announce(t(`error_${code}`));
    input.focus();
  }

  async function submit(): Promise<void> {
    showError(els.url, els.urlError, null);
    showError(els.name, els.nameError, null);
    const typedUrl = els.url.value;
    const typedName = els.name.value;
    const name = typedName.trim();
    if (name.length > MAX_NAME_LENGTH) {
      fail('nameTooLong');
      return;
    }
    const check = checkMonitorUrl(typedUrl, options.trackedUrls());
    if (!check.ok) {
      fail(check.code);
      return;
    }
    pending++;
    els.form.setAttribute('aria-busy', 'true');
    try {
      const result = await options.send(
        name === '' ? { type: 'trackJob', url: check.url } : { type: 'trackJob', url: check.url, name },
      );
      // What was typed since belongs to the next submit: touch the fields only if they still
      // hold what this one sent.
      const isStillShown = els.url.value === typedUrl;
      if (!result.ok) {
        if (isStillShown) fail(result.error.code);
        else options.announce(t(`error_${result.error.code}`));
        return;
      }
      if (isStillShown) els.url.value = '';
      if (els.name.value === typedName) els.name.value = '';
      options.announce(t('announceTracked', name === '' ? t('jobUnnamed', check.shortId) : name));
      if (isStillShown) els.url.focus();
    } finally {
      pending--;
      if (pending === 0) els.form.removeAttribute('aria-busy');
    }
  }

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    void submit();
  };
  // Editing a field withdraws its complaint; the next submit checks again.
  const onUrlInput = (): void => showError(els.url, els.urlError, null);
  const onNameInput = (): void => showError(els.name, els.nameError, null);

  els.form.addEventListener('submit', onSubmit);
  els.url.addEventListener('input', onUrlInput);
  els.name.addEventListener('input', onNameInput);
  return {
    dispose() {
      els.form.removeEventListener('submit', onSubmit);
      els.url.removeEventListener('input', onUrlInput);
      els.name.removeEventListener('input', onNameInput);
    },
  };
}
