import type { SendCommand } from './commands';
import { readItem } from './copy-answers';
import { h, icon, showFieldError } from './copy-dom';
import { createFolderBrowser, type PickKind, type Place } from './folder-browser';
import { t, type MessageKey } from './i18n';

export type { Place } from './folder-browser';

export interface PickerOptions {
  kind: PickKind;
  send: SendCommand;
  announce: (message: string) => void;
  onChange: (place: Place | null) => void;
}

export interface Picker {
  readonly el: HTMLElement;
  readonly chosen: Place | null;
  /** "Choose what to copy" under the group, tied to its link field; null withdraws it. */
  showMissing(key: MessageKey | null): void;
  /** Focuses the link field (where a missing choice is explained). */
  focus(): void;
  reset(): void;
}

const TEXT = {
  source: { heading: 'copySourceHeading', link: 'copySourceLinkLabel' },
  destination: { heading: 'copyDestinationHeading', link: 'copyDestinationLinkLabel' },
} as const satisfies Record<PickKind, { heading: MessageKey; link: MessageKey }>;

/**
 * One "choose" step of the copy screen: what is chosen, a field for a pasted link
 * (`resolveLink`), and a folder browser. The destination accepts folders only.
 * A pasted link stays in its field and in the message to the background, nowhere else.
 */
export function createPicker(doc: Document, options: PickerOptions): Picker {
  const prefix = `copy-${options.kind}`;
  const isSource = options.kind === 'source';
  let chosen: Place | null = null;
  let isResolving = false;

  const chosenText = h(doc, 'span', { class: 'pick-chosen-name' });
  const chosenLine = h(doc, 'p', { class: 'pick-chosen', id: `${prefix}-chosen` }, chosenText);
  const missing = h(doc, 'p', { class: 'field-error', id: `${prefix}-missing`, hidden: true });
  const input = h(doc, 'input', {
    id: `${prefix}-link`,
    type: 'url',
    inputmode: 'url',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
  });
  const linkError = h(doc, 'p', { class: 'field-error', id: `${prefix}-link-error`, hidden: true });
  const useLink = h(doc, 'button', { type: 'submit', class: 'btn' }, t('copyUseLink'));
  const form = h(
    doc,
    'form',
    { class: 'pick-link', novalidate: true, autocomplete: 'off' },
    h(
      doc,
      'div',
      { class: 'field' },
      h(doc, 'label', { for: input.id }, t(TEXT[options.kind].link)),
      h(doc, 'div', { class: 'field-row' }, input, useLink),
      linkError,
    ),
  );
  const browseToggle = h(
    doc,
    'button',
    {
      type: 'button',
      class: 'btn btn-quiet pick-browse',
      'aria-expanded': 'false',
      'aria-controls': `${prefix}-browser`,
    },
    t('copyBrowse'),
  );
  const browser = createFolderBrowser(doc, {
    kind: options.kind,
    idPrefix: prefix,
    send: options.send,
    onChoose: (place) => {
      choose(place);
      setBrowsing(false);
      browseToggle.focus();
    },
  });
  const headingId = `${prefix}-heading`;
  const el = h(
    doc,
    'div',
    { class: 'pick', role: 'group', 'aria-labelledby': headingId },
    h(doc, 'h3', { class: 'pick-heading', id: headingId }, t(TEXT[options.kind].heading)),
    chosenLine,
    missing,
    form,
    browseToggle,
    browser.el,
  );

  function drawChosen(): void {
    chosenLine.replaceChildren();
    if (chosen === null) {
      chosenText.textContent = t('copyNothingChosen');
      chosenLine.append(chosenText);
      chosenLine.classList.add('is-empty');
      return;
    }
    chosenLine.classList.remove('is-empty');
    chosenText.textContent = chosen.label;
    chosenLine.append(
      icon(doc, chosen.item.isFolder ? 'i-folder' : 'i-file'),
      h(doc, 'span', { class: 'visually-hidden' }, t(chosen.item.isFolder ? 'copyKindFolder' : 'copyKindFile')),
      chosenText,
    );
  }

  function choose(place: Place | null): void {
    chosen = place;
    drawChosen();
    if (place !== null) {
      showMissing(null);
      options.announce(t('announceChosen', place.label));
    }
    options.onChange(place);
  }

  function showMissing(key: MessageKey | null): void {
    showFieldError(input, missing, key);
    // A link complaint of its own wins the field's description back.
    if (key === null && !linkError.hidden) showFieldError(input, linkError, linkErrorKey);
  }

  let linkErrorKey: MessageKey | null = null;
  function showLinkError(key: MessageKey | null): void {
    linkErrorKey = key;
    showFieldError(input, linkError, key);
  }

  function setBrowsing(isBrowsing: boolean): void {
    browseToggle.setAttribute('aria-expanded', String(isBrowsing));
    if (isBrowsing) browser.show();
    else browser.hide();
  }

  async function resolve(): Promise<void> {
    if (isResolving) return;
    const typed = input.value;
    // The background checks the rest (https, OneDrive or SharePoint host, length) and says which.
    if (typed.trim() === '') {
      showLinkError('error_shareUrlEmpty');
      options.announce(t('error_shareUrlEmpty'));
      input.focus();
      return;
    }
    isResolving = true;
    form.setAttribute('aria-busy', 'true');
    showLinkError(null);
    try {
      const result = await options.send({ type: 'resolveLink', url: typed.trim() });
      const item = result.ok ? readItem(result.data) : null;
      let problem: MessageKey | null = null;
      if (!result.ok) problem = `error_${result.error.code}`;
      else if (item === null) problem = 'error_internal';
      else if (!isSource && !item.isFolder) problem = 'copyDestinationNotFolder';
      if (problem !== null || item === null) {
        if (input.value === typed) {
          showLinkError(problem);
          input.focus();
        }
        options.announce(t(problem ?? 'error_internal'));
        return;
      }
      if (input.value === typed) input.value = '';
      choose({ item, label: item.name });
    } finally {
      isResolving = false;
      form.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void resolve();
  });
  input.addEventListener('input', () => showLinkError(null));
  browseToggle.addEventListener('click', () => setBrowsing(browseToggle.getAttribute('aria-expanded') !== 'true'));
  drawChosen();

  return {
    el,
    get chosen() {
      return chosen;
    },
    showMissing,
    focus: () => input.focus(),
    reset() {
      chosen = null;
      drawChosen();
      input.value = '';
      showLinkError(null);
      showMissing(null);
      browser.reset();
      browseToggle.setAttribute('aria-expanded', 'false');
    },
  };
}
