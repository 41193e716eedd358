import type { Command } from '../core/messages';
import type { SendCommand } from './commands';
import { readListing, type Item } from './copy-answers';
import { h, icon } from './copy-dom';
import { t } from './i18n';

/** A folder or file as the copy screen shows it: `label` is what is read out ("My files" for the root). */
export interface Place {
  item: Item;
  label: string;
}

export type PickKind = 'source' | 'destination';

export interface FolderBrowserOptions {
  kind: PickKind;
  /** Prefix for element ids. */
  idPrefix: string;
  send: SendCommand;
  onChoose: (place: Place) => void;
}

export interface FolderBrowser {
  readonly el: HTMLElement;
  /** Shows the browser; the first time, lists the root of the user's drive. */
  show(): void;
  hide(): void;
  /** Back to nothing listed (the next `show` starts at the root again). */
  reset(): void;
}

/**
 * Browses the signed-in user's drive with `listFolder`: a breadcrumb, the folder's entries
 * (folders open; files are listed only when choosing what to copy), "Show more" for the next
 * page, and for the destination a button that chooses the folder being shown. Only the answer
 * to the latest request is drawn, so quick clicks never mix two folders.
 */
export function createFolderBrowser(doc: Document, options: FolderBrowserOptions): FolderBrowser {
  const isSource = options.kind === 'source';
  const crumbs = h(doc, 'ol', { class: 'crumbs' });
  const list = h(doc, 'ul', { class: 'browse-list', id: `${options.idPrefix}-list`, tabindex: '-1' });
  const status = h(doc, 'p', { class: 'browse-status', role: 'status' });
  const error = h(doc, 'p', { class: 'notice', role: 'alert', hidden: true });
  const more = h(doc, 'button', { type: 'button', class: 'btn btn-small', hidden: true }, t('browseMore'));
  const chooseHere = h(doc, 'button', { type: 'button', class: 'btn btn-small btn-primary', hidden: true });
  const retry = h(doc, 'button', { type: 'button', class: 'btn btn-small', hidden: true }, t('browseRetry'));
  const el = h(
    doc,
    'div',
    { class: 'browser', id: `${options.idPrefix}-browser`, hidden: true },
    h(doc, 'nav', { class: 'crumbs-nav', 'aria-label': t('browsePath') }, crumbs),
    list,
    status,
    error,
    h(doc, 'div', { class: 'browse-foot' }, retry, more, chooseHere),
  );

  /** Root first, the folder shown last. Empty until the first listing arrives. */
  let path: Place[] = [];
  /** Entries drawn, in order; the index is each row's `data-index`. */
  let shown: Item[] = [];
  let nextLink: string | null = null;
  let requestSeq = 0;
  /** Repeats the last request, after it failed. */
  let again: (() => void) | null = null;

  const current = (): Place | undefined => path[path.length - 1];

  function setLoading(isLoading: boolean): void {
    if (isLoading) {
      list.setAttribute('aria-busy', 'true');
      status.textContent = t('browseLoading');
    } else {
      list.removeAttribute('aria-busy');
    }
    more.disabled = isLoading;
  }

  function drawCrumbs(): void {
    const items = path.map((place, index) =>
      index === path.length - 1
        ? h(doc, 'li', {}, h(doc, 'span', { 'aria-current': 'location' }, place.label))
        : h(
            doc,
            'li',
            {},
            h(doc, 'button', { type: 'button', class: 'crumb', 'data-crumb': String(index) }, place.label),
          ),
    );
    crumbs.replaceChildren(...items);
  }

  function rowOf(item: Item, index: number): HTMLLIElement {
    const name = item.isFolder
      ? h(
          doc,
          'button',
          {
            type: 'button',
            class: 'browse-name',
            'data-open': String(index),
            'aria-label': t('browseOpenFolder', item.name),
          },
          item.name,
        )
      : h(doc, 'span', { class: 'browse-name' }, item.name);
    const choose = h(
      doc,
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        'data-choose': String(index),
        'aria-label': t('browseChooseLabel', item.name),
      },
      t('browseChoose'),
    );
    return h(doc, 'li', { class: 'browse-item' }, icon(doc, item.isFolder ? 'i-folder' : 'i-file'), name, choose);
  }

  /** Appends entries; the destination lists folders only. Returns the first new row. */
  function appendItems(items: readonly Item[]): HTMLLIElement | null {
    let first: HTMLLIElement | null = null;
    const fragment = doc.createDocumentFragment();
    for (const item of items) {
      if (!isSource && !item.isFolder) continue;
      const row = rowOf(item, shown.length);
      shown.push(item);
      fragment.append(row);
      first ??= row;
    }
    list.append(fragment);
    return first;
  }

  function drawFoot(): void {
    more.hidden = nextLink === null;
    status.textContent =
      shown.length > 0 || nextLink !== null ? '' : isSource ? t('browseEmpty') : t('browseNoFolders');
    const place = current();
    chooseHere.hidden = isSource || place === undefined;
    if (place !== undefined) {
      chooseHere.textContent = t('browseChooseHere', place.label);
    }
  }

  /**
   * Lists `target` (null = the root) and, once it answers, shows it with `trail` as the path.
   * With `pageLink`, appends the next page of the folder shown instead.
   */
  async function load(target: Place | null, trail: Place[], pageLink: string | null = null): Promise<void> {
    const seq = ++requestSeq;
    setLoading(true);
    const command: Command = { type: 'listFolder' };
    if (target !== null) command.folder = { driveId: target.item.driveId, itemId: target.item.itemId };
    if (pageLink !== null) command.nextLink = pageLink;
    const result = await options.send(command);
    if (seq !== requestSeq) return;
    setLoading(false);
    const listing = result.ok ? readListing(result.data) : null;
    if (listing === null) {
      // The folder shown before stays as it was, with the reason under it.
      error.textContent = t(`error_${result.ok ? 'internal' : result.error.code}`);
      error.hidden = false;
      again = () => void load(target, trail, pageLink);
      retry.hidden = false;
      status.textContent = '';
      return;
    }
    error.hidden = true;
    // Focus moves on from here, so the retry button can go.
    retry.hidden = true;
    nextLink = listing.nextLink;
    if (pageLink !== null) {
      const first = appendItems(listing.items);
      drawFoot();
      // The "Show more" button may be gone: carry on where the new entries start.
      const focusTarget = first?.querySelector('button') ?? (more.hidden ? list : more);
      focusTarget.focus();
      return;
    }
    path = target === null ? [{ item: listing.folder, label: t('browseMyFiles') }] : trail;
    shown = [];
    list.replaceChildren();
    appendItems(listing.items);
    list.setAttribute('aria-label', t('browseContents', current()!.label));
    drawCrumbs();
    drawFoot();
    list.focus();
  }

  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button');
    if (!button) return;
    const open = button.dataset['open'];
    const choose = button.dataset['choose'];
    const item = shown[Number(open ?? choose)];
    if (item === undefined) return;
    if (open !== undefined) {
      const place = { item, label: item.name };
      void load(place, [...path, place]);
    } else {
      options.onChoose({ item, label: item.name });
    }
  });
  crumbs.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-crumb]');
    const index = Number(button?.dataset['crumb']);
    const place = path[index];
    if (place === undefined) return;
    void load(index === 0 ? null : place, path.slice(0, index + 1));
  });
  more.addEventListener('click', () => {
    const place = current();
    if (nextLink === null || place === undefined || more.disabled) return;
    void load(path.length === 1 ? null : place, path, nextLink);
  });
  retry.addEventListener('click', () => again?.());
  chooseHere.addEventListener('click', () => {
    const place = current();
    if (place !== undefined) options.onChoose(place);
  });

  return {
    el,
    show() {
      el.hidden = false;
      if (path.length === 0) void load(null, []);
      else list.focus();
    },
    hide() {
      el.hidden = true;
    },
    reset() {
      requestSeq++;
      path = [];
      shown = [];
      nextLink = null;
      list.replaceChildren();
      crumbs.replaceChildren();
      error.hidden = true;
      retry.hidden = true;
      setLoading(false);
      status.textContent = '';
      more.hidden = true;
      chooseHere.hidden = true;
      el.hidden = true;
    },
  };
}
