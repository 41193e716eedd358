import browser from 'webextension-polyfill';
import { readSettings, SETTINGS_KEY, type Settings } from '../core/settings';
import { localizeTree, t, uiLanguage } from '../popup/i18n';
import { createRedirectUriBox } from './redirect-uri';
import { sendCommand, type SendCommand } from '../popup/commands';
import { createAccountBox } from './account-box';
import { fillForm, readForm, type SettingsField, type SettingsFormElements } from './settings-form';

export interface OptionsPageOptions {
  /** Default `browser.identity.getRedirectURL()`. */
  redirectUrl?: () => string;
  /** Default `navigator.clipboard`. */
  clipboard?: Pick<Clipboard, 'writeText'> | undefined;
  /** Default: runtime.sendMessage to the background. */
  send?: SendCommand;
}

export interface OptionsPage {
  /** Resolves once the stored settings are in the form. */
  ready: Promise<void>;
  /** Validates and saves, as the Save button does; resolves to whether it was stored. */
  save(): Promise<boolean>;
  dispose(): void;
}

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`options.html lacks #${id}`);
  return el as T;
}

/** Reads the stored record, repaired field by field; a corrupt one is written back repaired. */
async function loadSettings(): Promise<Settings> {
  let raw: unknown;
  try {
    raw = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch {
    raw = undefined;
  }
  const { settings, repaired } = readSettings(raw);
  if (repaired) {
    await browser.storage.local.set({ [SETTINGS_KEY]: settings }).catch(() => undefined);
  }
  return settings;
}

export function mountOptions(doc: Document, options: OptionsPageOptions = {}): OptionsPage {
  doc.documentElement.lang = uiLanguage();
  const bidi = browser.i18n.getMessage('@@bidi_dir');
  if (bidi === 'rtl' || bidi === 'ltr') doc.documentElement.dir = bidi;
  localizeTree(doc);

  const form = byId<HTMLFormElement>(doc, 'settings-form');
  const saveStatus = byId<HTMLElement>(doc, 'save-status');
  const els: SettingsFormElements = {
    clientId: byId(doc, 'client-id'),
    tenant: byId(doc, 'tenant'),
    useAllFilesScope: byId(doc, 'all-files'),
    notifyCompleted: byId(doc, 'notify-completed'),
    notifyFailed: byId(doc, 'notify-failed'),
    notifyExpired: byId(doc, 'notify-expired'),
    pollWhilePopupClosed: byId(doc, 'poll-closed'),
  };
  const errorBoxes: Record<SettingsField, HTMLElement> = {
    clientId: byId(doc, 'client-id-error'),
    tenant: byId(doc, 'tenant-error'),
  };
  // The hints stay described; an error is read first.
  const hintIds: Record<SettingsField, string> = {
    clientId: els.clientId.getAttribute('aria-describedby') ?? '',
    tenant: els.tenant.getAttribute('aria-describedby') ?? '',
  };

  const account = createAccountBox(
    {
      status: byId(doc, 'account-status'),
      signIn: byId(doc, 'sign-in'),
      signOut: byId(doc, 'sign-out'),
      message: byId(doc, 'account-message'),
    },
    options.send ?? sendCommand,
    () => save(),
  );

  const redirect = createRedirectUriBox(
    { input: byId(doc, 'redirect-uri'), copy: byId(doc, 'copy-redirect'), status: byId(doc, 'redirect-uri-status') },
    {
      redirectUrl: options.redirectUrl ?? (() => browser.identity.getRedirectURL()),
      clipboard: 'clipboard' in options ? options.clipboard : globalThis.navigator?.clipboard,
    },
  );

  function showStatus(message: string, isProblem: boolean): void {
    saveStatus.classList.toggle('is-problem', isProblem);
    saveStatus.textContent = '';
    saveStatus.textContent = message;
  }

  function showFieldError(field: SettingsField, message: string | null): void {
    const input = els[field];
    const box = errorBoxes[field];
    box.textContent = message ?? '';
    box.hidden = message === null;
    if (message === null) {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hintIds[field]);
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${box.id} ${hintIds[field]}`.trim());
    }
  }

  let isSaving = false;
  async function save(): Promise<boolean> {
    if (isSaving) return false;
    isSaving = true;
    form.setAttribute('aria-busy', 'true');
    try {
      showFieldError('clientId', null);
      showFieldError('tenant', null);
      // Fields the form does not show keep what is stored now.
      const reading = readForm(els, await loadSettings());
      if (!reading.ok) {
        for (const { field, code } of reading.errors) showFieldError(field, t(code));
        showStatus(t('optionsNotSaved'), true);
        els[reading.errors[0]!.field].focus();
        return false;
      }
      try {
        await browser.storage.local.set({ [SETTINGS_KEY]: reading.settings });
      } catch {
        showStatus(t('optionsSaveFailed'), true);
        return false;
      }
      // Show what was stored: blank tenant -> common, upper-case GUID -> lower-case.
      fillForm(els, reading.settings);
      showStatus(t('optionsSaved'), false);
      return true;
    } finally {
      isSaving = false;
      form.removeAttribute('aria-busy');
    }
  }

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    void save();
  };
  // "Saved" describes the form as it was: editing withdraws it, and a field's complaint with it.
  const onInput = (event: Event): void => {
    if (saveStatus.textContent !== '') showStatus('', false);
    if (event.target === els.clientId) showFieldError('clientId', null);
    if (event.target === els.tenant) showFieldError('tenant', null);
  };
  form.addEventListener('submit', onSubmit);
  form.addEventListener('input', onInput);

  const ready = Promise.all([loadSettings().then((settings) => fillForm(els, settings)), account.ready]).then(
    () => undefined,
  );

  return {
    ready,
    save,
    dispose() {
      form.removeEventListener('submit', onSubmit);
      form.removeEventListener('input', onInput);
      redirect.dispose();
      account.dispose();
    },
  };
}
