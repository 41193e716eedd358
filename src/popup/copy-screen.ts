import { isValidItemName } from '../core/graph-codes';
import type { CONFLICT_BEHAVIORS } from '../core/command-schema';
import type { Command } from '../core/messages';
import type { SendCommand } from './commands';
import { readStarted } from './copy-answers';
import { h, icon, showFieldError } from './copy-dom';
import { createPicker, type Place } from './copy-picker';
import { t, type MessageKey } from './i18n';

/**
 * The "New copy" screen, loaded with `import()` the first time it is asked for, so opening the
 * popup never pays for it. It replaces the list while open; Back or Escape closes it.
 */

export interface CopyStartedView {
  jobId: string | null;
  synchronous: boolean;
  /** What the copy is called (the new name, or the source's). */
  name: string;
}

export interface CopyScreenOptions {
  send: SendCommand;
  announce: (message: string) => void;
  /** Closed without starting anything (Back, Escape). */
  onClose: () => void;
  /** A copy was started; `wasOpen` = the screen was still showing (it is closed now). */
  onStarted: (started: CopyStartedView, wasOpen: boolean) => void;
}

export interface CopyScreen {
  readonly el: HTMLElement;
  readonly isOpen: boolean;
  open(): void;
  /** Closes without starting anything; the choices stay for the next time. */
  close(): void;
  dispose(): void;
}

type Conflict = (typeof CONFLICT_BEHAVIORS)[number];

const CONFLICT_TEXT: Readonly<Record<Conflict, MessageKey>> = {
  fail: 'copyConflictFail',
  rename: 'copyConflictRename',
  replace: 'copyConflictReplace',
};
/** Shown in this order; the first is the default (Graph's own). */
const CONFLICT_ORDER: readonly Conflict[] = ['fail', 'rename', 'replace'];

export function createCopyScreen(doc: Document, options: CopyScreenOptions): CopyScreen {
  let isOpen = false;
  let isStarting = false;

  const heading = h(doc, 'h2', { class: 'copy-title', id: 'copy-heading', tabindex: '-1' }, t('copyHeading'));
  const back = h(
    doc,
    'button',
    { type: 'button', class: 'btn btn-quiet copy-back' },
    icon(doc, 'i-back'),
    h(doc, 'span', {}, t('copyBack')),
  );

  const conflict = h(
    doc,
    'select',
    { id: 'copy-conflict' },
    ...CONFLICT_ORDER.map((value) => h(doc, 'option', { value }, t(CONFLICT_TEXT[value]))),
  );
  const replaceOption = conflict.querySelector<HTMLOptionElement>('option[value="replace"]')!;
  const conflictHint = h(
    doc,
    'p',
    { class: 'field-hint', id: 'copy-conflict-hint', hidden: true },
    t('copyReplaceNotForFolders'),
  );

  const source = createPicker(doc, {
    kind: 'source',
    send: options.send,
    announce: options.announce,
    onChange: sourceChanged,
  });
  const destination = createPicker(doc, {
    kind: 'destination',
    send: options.send,
    announce: options.announce,
    onChange: () => undefined,
  });

  const nameInput = h(doc, 'input', { id: 'copy-new-name', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const nameError = h(doc, 'p', { class: 'field-error', id: 'copy-new-name-error', hidden: true });
  const startError = h(doc, 'p', { class: 'notice', id: 'copy-error', role: 'alert', hidden: true });
  const start = h(doc, 'button', { type: 'submit', class: 'btn btn-primary' }, t('copyStart'));
  const form = h(
    doc,
    'form',
    { class: 'copy-form', novalidate: true, autocomplete: 'off' },
    h(
      doc,
      'div',
      { class: 'field' },
      h(doc, 'label', { for: nameInput.id }, t('copyNewNameLabel')),
      nameInput,
      nameError,
    ),
    h(
      doc,
      'div',
      { class: 'field' },
      h(doc, 'label', { for: conflict.id }, t('copyConflictLabel')),
      conflict,
      conflictHint,
    ),
    startError,
    h(doc, 'div', { class: 'copy-actions' }, start),
  );

  const el = h(
    doc,
    'section',
    { class: 'copy-screen', id: 'copy-screen', 'aria-labelledby': heading.id, hidden: true },
    h(doc, 'div', { class: 'copy-head' }, back, heading),
    source.el,
    destination.el,
    form,
  );

  /** Graph refuses `replace` for folders: offer it for files only. */
  function sourceChanged(place: Place | null): void {
    const isFolder = place?.item.isFolder ?? false;
    replaceOption.disabled = isFolder;
    conflictHint.hidden = !isFolder;
    if (isFolder) conflict.setAttribute('aria-describedby', conflictHint.id);
    else conflict.removeAttribute('aria-describedby');
    if (isFolder && conflict.value === 'replace') {
      conflict.value = 'fail';
      options.announce(t('copyReplaceNotForFolders'));
    }
    // The copy keeps the source's name unless another is typed: show which.
    nameInput.placeholder = place?.item.name ?? '';
  }

  function showStartError(key: MessageKey | null): void {
    startError.textContent = key === null ? '' : t(key);
    startError.hidden = key === null;
  }

  function reset(): void {
    source.reset();
    destination.reset();
    nameInput.value = '';
    showFieldError(nameInput, nameError, null);
    conflict.value = 'fail';
    sourceChanged(null);
    showStartError(null);
  }

  async function startCopy(): Promise<void> {
    if (isStarting) return;
    showStartError(null);
    const from = source.chosen;
    const to = destination.chosen;
    const newName = nameInput.value;
    source.showMissing(from === null ? 'copyNeedSource' : null);
    destination.showMissing(to === null ? 'copyNeedDestination' : null);
    const isNameValid = newName === '' || isValidItemName(newName);
    showFieldError(nameInput, nameError, isNameValid ? null : 'error_copyNameInvalid');
    if (from === null || to === null || !isNameValid) {
      const [first, key] =
        from === null
          ? [source, 'copyNeedSource' as const]
          : to === null
            ? [destination, 'copyNeedDestination' as const]
            : [nameInput, 'error_copyNameInvalid' as const];
      first.focus();
      options.announce(t(key));
      return;
    }
    const conflictBehavior = conflict.value as Conflict;
    const command: Command = {
      type: 'startCopy',
      source: { driveId: from.item.driveId, itemId: from.item.itemId, name: from.item.name },
      destination: { driveId: to.item.driveId, itemId: to.item.itemId, name: to.label },
      conflictBehavior: from.item.isFolder && conflictBehavior === 'replace' ? 'fail' : conflictBehavior,
    };
    if (newName !== '') command.newName = newName;

    isStarting = true;
    start.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const result = await options.send(command);
      if (!result.ok) {
        const key = `error_${result.error.code}` as const;
        if (!isOpen) {
          options.announce(t(key));
        } else if (result.error.code === 'copyNameInvalid') {
          showFieldError(nameInput, nameError, key);
          nameInput.focus();
        } else {
          showStartError(key);
          start.disabled = false;
          start.focus();
        }
        return;
      }
      const started = readStarted(result.data);
      const wasOpen = isOpen;
      reset();
      if (isOpen) hide();
      options.onStarted(
        { jobId: started?.jobId ?? null, synchronous: started?.synchronous ?? false, name: newName || from.item.name },
        wasOpen,
      );
    } finally {
      isStarting = false;
      start.disabled = false;
      form.removeAttribute('aria-busy');
    }
  }

  function hide(): void {
    isOpen = false;
    el.hidden = true;
  }

  function close(): void {
    if (!isOpen) return;
    hide();
    options.onClose();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void startCopy();
  });
  nameInput.addEventListener('input', () => showFieldError(nameInput, nameError, null));
  back.addEventListener('click', close);
  // On the document, not the screen: Escape works wherever focus is (a click on empty space drops it).
  const onKeydown = (event: KeyboardEvent): void => {
    if (!isOpen || event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    close();
  };
  doc.addEventListener('keydown', onKeydown);

  return {
    el,
    get isOpen() {
      return isOpen;
    },
    open() {
      isOpen = true;
      el.hidden = false;
      heading.focus();
    },
    close,
    dispose() {
      doc.removeEventListener('keydown', onKeydown);
    },
  };
}
