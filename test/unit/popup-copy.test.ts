// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../src/core/account';
import type { BrowseItem, Command, CommandResult, FolderListing } from '../../src/core/messages';
import { mountPopup, type Popup } from '../../src/popup/app';
import { flush, loadPopupHtml, makeJob, okResult, seed, stubI18n, stubRuntime, T0 } from './popup-helpers';

/** The copy screen: loaded on first use, browse or paste, name and conflict rules, Start. */

let popup: Popup | undefined;
let text: ReturnType<typeof stubI18n>;
let sent: Command[];
/** Answers by command; a test replaces entries. Unlisted commands answer ok(null). */
let answers: Partial<Record<Command['type'], (command: Command) => CommandResult | Promise<CommandResult>>>;

const send = async (command: Command): Promise<CommandResult> => {
  sent.push(command);
  const answer = answers[command.type];
  return answer ? answer(command) : okResult();
};
const sentOf = <T extends Command['type']>(type: T) =>
  sent.filter((c): c is Extract<Command, { type: T }> => c.type === type);

const DRIVE = 'b!me';
const item = (itemId: string, name: string, isFolder: boolean, driveId = DRIVE): BrowseItem => ({
  driveId,
  itemId,
  name,
  isFolder,
});
const ROOT = item('root-id', 'root', true);
const DOCS = item('docs-id', 'Docs', true);
const PHOTOS = item('photos-id', 'Photos', true);
const NOTES = item('notes-id', 'notes.txt', false);
const REPORT = item('report-id', 'Report.docx', false);
const ARCHIVE = item('archive-id', 'Archive', true);

/** A small drive: root holds Docs, Photos, notes.txt; Docs holds Report.docx and Archive. */
const FOLDERS: Record<string, FolderListing> = {
  [ROOT.itemId]: { folder: ROOT, items: [DOCS, PHOTOS, NOTES], nextLink: null },
  [DOCS.itemId]: { folder: DOCS, items: [REPORT, ARCHIVE], nextLink: null },
  [ARCHIVE.itemId]: { folder: ARCHIVE, items: [], nextLink: null },
  [PHOTOS.itemId]: { folder: PHOTOS, items: [], nextLink: null },
};
function listFolder(command: Command): CommandResult {
  if (command.type !== 'listFolder') throw new Error('not listFolder');
  const listing = FOLDERS[command.folder?.itemId ?? ROOT.itemId];
  return listing ? okResult(listing) : { ok: false, error: { code: 'graphNotFound' } };
}

const signedIn: Account = { v: 1, state: 'signedIn', username: 'ana@contoso.com', since: T0 };

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}
const group = (kind: 'source' | 'destination'): HTMLElement =>
  document.querySelector<HTMLElement>(`[aria-labelledby="copy-${kind}-heading"]`)!;
/** A button by its accessible name (aria-label, else text) inside `root`. */
function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}
const isShown = (el: HTMLElement): boolean => {
  for (let node: HTMLElement | null = el; node; node = node.parentElement) if (node.hidden) return false;
  return true;
};
const chosenText = (kind: 'source' | 'destination') => group(kind).querySelector('.pick-chosen')!.textContent;
const entries = (kind: 'source' | 'destination') =>
  [...group(kind).querySelectorAll('.browse-item .browse-name')].map((el) => el.textContent);
const crumbs = (kind: 'source' | 'destination') =>
  [...group(kind).querySelectorAll('.crumbs li')].map((li) => li.textContent);

/** Waits for pending promises and the lazy import to settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await flush();
}

async function openPopup(): Promise<Popup> {
  await fakeBrowser.storage.local.set({ account: signedIn });
  popup = mountPopup(document, { search: '', now: () => T0 + 1_000, send });
  await popup.ready;
  await settle();
  return popup;
}

async function openCopyScreen(): Promise<void> {
  byId('new-copy').click();
  await vi.waitFor(() => expect(document.getElementById('copy-screen')?.hidden).toBe(false));
}

async function browse(kind: 'source' | 'destination'): Promise<void> {
  button(group(kind), text('copyBrowse')).click();
  await settle();
}

async function chooseSourceReport(): Promise<void> {
  await browse('source');
  button(group('source'), text('browseOpenFolder', 'Docs')).click();
  await settle();
  button(group('source'), text('browseChooseLabel', 'Report.docx')).click();
}

async function chooseDestinationArchive(): Promise<void> {
  await browse('destination');
  button(group('destination'), text('browseOpenFolder', 'Docs')).click();
  await settle();
  button(group('destination'), text('browseChooseLabel', 'Archive')).click();
}

const start = async (): Promise<void> => {
  byId<HTMLButtonElement>('copy-screen').querySelector<HTMLButtonElement>('.copy-form button[type="submit"]')!.click();
  await settle();
};

beforeEach(() => {
  loadPopupHtml();
  text = stubI18n('en');
  stubRuntime();
  sent = [];
  answers = { listFolder };
});

afterEach(() => {
  popup?.dispose();
  popup = undefined;
  vi.restoreAllMocks();
});

describe('opening and closing the copy screen', () => {
  it('is not in the page until New copy is clicked, then replaces the list and takes focus', async () => {
    await openPopup();
    expect(document.getElementById('copy-screen')).toBeNull();
    expect(document.querySelector('.pick')).toBeNull();
    await openCopyScreen();
    expect(byId('list-view').hidden).toBe(true);
    expect(document.activeElement).toBe(byId('copy-heading'));
    expect(byId('copy-heading').textContent).toBe('New copy');
    expect(document.querySelectorAll('#copy-screen').length).toBe(1);
  });

  it('a failure that arrives behind the screen is marked seen only once the list shows again', async () => {
    await openPopup();
    await openCopyScreen();
    const before = sentOf('markSeen').length;
    await seed(makeJob({ id: 'failed1', phase: 'failed', seen: false, nextPollAt: null }));
    await settle();
    expect(sentOf('markSeen')).toHaveLength(before);
    button(byId('copy-screen'), text('copyBack')).click();
    await settle();
    expect(sentOf('markSeen')).toHaveLength(before + 1);
  });

  it('app.ts imports the screen only with import(): its first script does not carry it', () => {
    const dir = path.resolve(__dirname, '../../src/popup');
    const lazy = ['copy-screen', 'copy-picker', 'folder-browser', 'copy-dom', 'copy-answers'];
    for (const file of ['app.ts', 'popup.ts', 'account-bar.ts', 'job-list.ts', 'render-job-row.ts', 'job-view.ts']) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const match of source.matchAll(/^import (?!type ).*from '\.\/([\w-]+)';$/gm)) {
        expect(lazy, `${file} imports ./${match[1]} eagerly`).not.toContain(match[1]);
      }
    }
    expect(readFileSync(path.join(dir, 'app.ts'), 'utf8')).toContain("import('./copy-screen')");
  });

  it('New copy while the screen is showing brings focus back to its heading, once', async () => {
    await openPopup();
    await openCopyScreen();
    byId('copy-source-link').focus();
    byId('new-copy').click();
    await settle();
    expect(document.activeElement).toBe(byId('copy-heading'));
    expect(document.querySelectorAll('#copy-screen').length).toBe(1);
  });

  it('Back returns to the list with focus on New copy; the choices stay for next time', async () => {
    await openPopup();
    await openCopyScreen();
    await chooseSourceReport();
    button(byId('copy-screen'), text('copyBack')).click();
    expect(byId('copy-screen').hidden).toBe(true);
    expect(byId('list-view').hidden).toBe(false);
    expect(document.activeElement).toBe(byId('new-copy'));
    await openCopyScreen();
    expect(chosenText('source')).toContain('Report.docx');
  });

  it('Escape closes it, wherever focus is', async () => {
    await openPopup();
    await openCopyScreen();
    (document.activeElement as HTMLElement).blur();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(byId('copy-screen').hidden).toBe(true);
    expect(byId('list-view').hidden).toBe(false);
    expect(document.activeElement).toBe(byId('new-copy'));
    // Escape on the list does nothing to it.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(byId('list-view').hidden).toBe(false);
  });

  it('closes when the account is signed out meanwhile', async () => {
    await openPopup();
    await openCopyScreen();
    await fakeBrowser.storage.local.remove('account');
    expect(byId('copy-screen').hidden).toBe(true);
    expect(byId('list-view').hidden).toBe(false);
    expect(byId('new-copy').hidden).toBe(true);
    expect(document.activeElement).toBe(byId('sign-in'));
  });
});

describe('choosing what to copy by browsing', () => {
  it('lists the root, opens a folder, and chooses a file', async () => {
    await openPopup();
    await openCopyScreen();
    expect(chosenText('source')).toBe(text('copyNothingChosen'));
    await browse('source');
    expect(sentOf('listFolder')).toEqual([{ type: 'listFolder' }]);
    expect(crumbs('source')).toEqual(['My files']);
    expect(entries('source')).toEqual(['Docs', 'Photos', 'notes.txt']);
    const list = group('source').querySelector<HTMLElement>('.browse-list')!;
    expect(list.getAttribute('aria-label')).toBe('Contents of My files');
    expect(document.activeElement).toBe(list);

    button(group('source'), 'Open folder Docs').click();
    await settle();
    expect(sentOf('listFolder').at(-1)).toEqual({
      type: 'listFolder',
      folder: { driveId: DRIVE, itemId: 'docs-id' },
    });
    expect(crumbs('source')).toEqual(['My files', 'Docs']);
    expect(group('source').querySelector('[aria-current="location"]')?.textContent).toBe('Docs');
    expect(entries('source')).toEqual(['Report.docx', 'Archive']);

    const browseToggle = button(group('source'), text('copyBrowse'));
    expect(browseToggle.getAttribute('aria-expanded')).toBe('true');
    button(group('source'), 'Choose Report.docx').click();
    expect(chosenText('source')).toBe('File:Report.docx');
    expect(isShown(group('source').querySelector('.browser')!)).toBe(false);
    expect(browseToggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(browseToggle);
    await flush();
    expect(byId('announcer').textContent).toBe('Chosen: Report.docx');
  });

  it('a folder can be chosen as the source too; the breadcrumb goes back up', async () => {
    await openPopup();
    await openCopyScreen();
    await browse('source');
    button(group('source'), 'Open folder Docs').click();
    await settle();
    button(group('source'), 'My files').click();
    await settle();
    expect(sentOf('listFolder').at(-1)).toEqual({ type: 'listFolder' });
    expect(crumbs('source')).toEqual(['My files']);
    button(group('source'), 'Choose Photos').click();
    expect(chosenText('source')).toBe('Folder:Photos');
  });

  it('draws only the answer to the latest click (a slow folder does not overwrite a fast one)', async () => {
    let releaseDocs!: () => void;
    answers.listFolder = async (command) => {
      if (command.type === 'listFolder' && command.folder?.itemId === 'docs-id') {
        await new Promise<void>((resolve) => (releaseDocs = resolve));
      }
      return listFolder(command);
    };
    await openPopup();
    await openCopyScreen();
    await browse('source');
    button(group('source'), 'Open folder Docs').click();
    await flush();
    button(group('source'), 'Open folder Photos').click();
    await settle();
    expect(crumbs('source')).toEqual(['My files', 'Photos']);
    releaseDocs();
    await settle();
    expect(crumbs('source')).toEqual(['My files', 'Photos']);
    expect(group('source').querySelector('.browse-status')?.textContent).toBe('This folder is empty.');
  });

  it('"Show more" asks for the next page and adds it, with focus on the first new entry', async () => {
    const page2 = 'https://graph.microsoft.com/v1.0/drives/b!me/items/docs-id/children?$skiptoken=2';
    answers.listFolder = (command) => {
      if (command.type !== 'listFolder') throw new Error();
      if (command.nextLink === page2)
        return okResult({ folder: DOCS, items: [item('z', 'Zebra.png', false)], nextLink: null });
      if (command.folder?.itemId === 'docs-id') return okResult({ folder: DOCS, items: [REPORT], nextLink: page2 });
      return listFolder(command);
    };
    await openPopup();
    await openCopyScreen();
    await browse('source');
    button(group('source'), 'Open folder Docs').click();
    await settle();
    const more = button(group('source'), 'Show more');
    expect(more.hidden).toBe(false);
    more.click();
    await settle();
    expect(sentOf('listFolder').at(-1)).toEqual({
      type: 'listFolder',
      folder: { driveId: DRIVE, itemId: 'docs-id' },
      nextLink: page2,
    });
    expect(entries('source')).toEqual(['Report.docx', 'Zebra.png']);
    expect(more.hidden).toBe(true);
    expect(document.activeElement).toBe(button(group('source'), 'Choose Zebra.png'));
  });

  it('a failed listing says why, localised, keeps what was shown, and can be tried again', async () => {
    await openPopup();
    await openCopyScreen();
    await browse('source');
    let fail = true;
    answers.listFolder = (command) => (fail ? { ok: false, error: { code: 'graphThrottled' } } : listFolder(command));
    button(group('source'), 'Open folder Docs').click();
    await settle();
    const alert = group('source').querySelector<HTMLElement>('.browser [role="alert"]')!;
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toBe(text('error_graphThrottled'));
    expect(crumbs('source')).toEqual(['My files']);
    expect(entries('source')).toEqual(['Docs', 'Photos', 'notes.txt']);
    fail = false;
    button(group('source'), 'Try again').click();
    await settle();
    expect(crumbs('source')).toEqual(['My files', 'Docs']);
    expect(alert.hidden).toBe(true);
  });

  it('a malformed listing is an internal error, not a half-drawn folder', async () => {
    answers.listFolder = () => okResult({ folder: ROOT, items: [{ name: 'no ids' }], nextLink: null });
    await openPopup();
    await openCopyScreen();
    await browse('source');
    expect(entries('source')).toEqual([]);
    expect(group('source').querySelector('.browser [role="alert"]')?.textContent).toBe(text('error_internal'));
  });

  it('names from OneDrive are text, never markup', async () => {
    const hostile = item('x', '<img src=x onerror=alert(1)>', false);
    answers.listFolder = () => okResult({ folder: ROOT, items: [hostile], nextLink: null });
    await openPopup();
    await openCopyScreen();
    await browse('source');
    expect(entries('source')).toEqual(['<img src=x onerror=alert(1)>']);
    expect(byId('copy-screen').querySelector('img')).toBeNull();
  });
});

describe('choosing the destination', () => {
  it('lists folders only and can choose the folder being shown, the root as "My files"', async () => {
    await openPopup();
    await openCopyScreen();
    await browse('destination');
    expect(entries('destination')).toEqual(['Docs', 'Photos']);
    expect(group('destination').querySelector('button[aria-label="Choose notes.txt"]')).toBeNull();
    button(group('destination'), 'Choose “My files”').click();
    expect(chosenText('destination')).toBe('Folder:My files');
  });

  it('says when a folder has no sub-folders', async () => {
    await openPopup();
    await openCopyScreen();
    await browse('destination');
    button(group('destination'), 'Open folder Photos').click();
    await settle();
    expect(group('destination').querySelector('.browse-status')?.textContent).toBe(text('browseNoFolders'));
    button(group('destination'), 'Choose “Photos”').click();
    expect(chosenText('destination')).toBe('Folder:Photos');
  });
});

describe('pasting a link', () => {
  const paste = async (kind: 'source' | 'destination', url: string): Promise<void> => {
    const input = byId<HTMLInputElement>(`copy-${kind}-link`);
    input.value = url;
    input.form!.requestSubmit();
    await settle();
  };

  it('resolves it with resolveLink and chooses the item; the field is emptied', async () => {
    answers.resolveLink = () => okResult(REPORT);
    await openPopup();
    await openCopyScreen();
    expect(document.querySelector('label[for="copy-source-link"]')?.textContent).toBe(text('copySourceLinkLabel'));
    await paste('source', '  https://contoso-my.sharepoint.com/:w:/g/personal/ana/EaBc?e=1  ');
    expect(sentOf('resolveLink')).toEqual([
      { type: 'resolveLink', url: 'https://contoso-my.sharepoint.com/:w:/g/personal/ana/EaBc?e=1' },
    ]);
    expect(chosenText('source')).toBe('File:Report.docx');
    expect(byId<HTMLInputElement>('copy-source-link').value).toBe('');
  });

  it('shows the background refusal next to the field, localised, and keeps the text', async () => {
    answers.resolveLink = () => ({ ok: false, error: { code: 'shareUrlHostNotAllowed' } });
    await openPopup();
    await openCopyScreen();
    await paste('source', 'https://example.com/x');
    const input = byId<HTMLInputElement>('copy-source-link');
    const error = byId('copy-source-link-error');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe(text('error_shareUrlHostNotAllowed'));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('copy-source-link-error');
    expect(input.value).toBe('https://example.com/x');
    expect(document.activeElement).toBe(input);
    expect(chosenText('source')).toBe(text('copyNothingChosen'));
  });

  it('an empty field is refused without asking the background', async () => {
    await openPopup();
    await openCopyScreen();
    await paste('source', '   ');
    expect(sentOf('resolveLink')).toEqual([]);
    expect(byId('copy-source-link-error').textContent).toBe(text('error_shareUrlEmpty'));
  });

  it('a file link is refused as a destination', async () => {
    answers.resolveLink = () => okResult(REPORT);
    await openPopup();
    await openCopyScreen();
    await paste('destination', 'https://contoso-my.sharepoint.com/:w:/g/personal/ana/EaBc');
    expect(byId('copy-destination-link-error').textContent).toBe(text('copyDestinationNotFolder'));
    expect(chosenText('destination')).toBe(text('copyNothingChosen'));
    answers.resolveLink = () => okResult(ARCHIVE);
    await paste('destination', 'https://contoso-my.sharepoint.com/:f:/g/personal/ana/Folder');
    expect(chosenText('destination')).toBe('Folder:Archive');
    expect(byId('copy-destination-link-error').hidden).toBe(true);
  });
});

describe('name and conflict behaviour', () => {
  it.each(['a/b', 'trailing.', ' lead', 'what?', 'x'.repeat(256)])(
    'refuses the name %j next to the field and sends nothing',
    async (name) => {
      await openPopup();
      await openCopyScreen();
      await chooseSourceReport();
      await chooseDestinationArchive();
      const input = byId<HTMLInputElement>('copy-new-name');
      input.value = name;
      await start();
      expect(sentOf('startCopy')).toEqual([]);
      expect(byId('copy-new-name-error').hidden).toBe(false);
      expect(byId('copy-new-name-error').textContent).toBe(text('error_copyNameInvalid'));
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(input);
      input.value = 'fine';
      input.dispatchEvent(new Event('input'));
      expect(byId('copy-new-name-error').hidden).toBe(true);
    },
  );

  it('replace is offered for files but not for folders (Graph refuses it)', async () => {
    await openPopup();
    await openCopyScreen();
    const select = byId<HTMLSelectElement>('copy-conflict');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['fail', text('copyConflictFail')],
      ['rename', text('copyConflictRename')],
      ['replace', text('copyConflictReplace')],
    ]);
    expect(select.value).toBe('fail');
    await chooseSourceReport();
    const replace = select.querySelector<HTMLOptionElement>('option[value="replace"]')!;
    expect(replace.disabled).toBe(false);
    select.value = 'replace';
    // Now a folder: replace goes, and the choice falls back to "fail" with a word why.
    button(group('source'), text('copyBrowse')).click();
    await settle();
    button(group('source'), 'Choose Archive').click();
    expect(replace.disabled).toBe(true);
    expect(select.value).toBe('fail');
    expect(byId('copy-conflict-hint').hidden).toBe(false);
    expect(byId('copy-conflict-hint').textContent).toBe(text('copyReplaceNotForFolders'));
    expect(select.getAttribute('aria-describedby')).toBe('copy-conflict-hint');
  });
});

describe('Start', () => {
  it('sends exactly one startCopy with the chosen items, name and behaviour, even when clicked twice', async () => {
    let finish!: (result: CommandResult) => void;
    answers.startCopy = () => new Promise((resolve) => (finish = resolve));
    await openPopup();
    await openCopyScreen();
    await chooseSourceReport();
    await chooseDestinationArchive();
    byId<HTMLInputElement>('copy-new-name').value = 'Report (copy).docx';
    byId<HTMLSelectElement>('copy-conflict').value = 'rename';
    const startButton = byId('copy-screen').querySelector<HTMLButtonElement>('.copy-form button[type="submit"]')!;
    startButton.click();
    startButton.click();
    startButton.form!.requestSubmit();
    await settle();
    expect(startButton.disabled).toBe(true);
    expect(sentOf('startCopy')).toEqual([
      {
        type: 'startCopy',
        source: { driveId: DRIVE, itemId: 'report-id', name: 'Report.docx' },
        destination: { driveId: DRIVE, itemId: 'archive-id', name: 'Archive' },
        newName: 'Report (copy).docx',
        conflictBehavior: 'rename',
      },
    ]);
    finish(okResult({ jobId: 'new-job', synchronous: false }));
    await settle();
    expect(sentOf('startCopy')).toHaveLength(1);
  });

  it('leaves newName out when none is typed; the root goes as "My files"', async () => {
    answers.startCopy = () => okResult({ jobId: 'j', synchronous: false });
    await openPopup();
    await openCopyScreen();
    await chooseSourceReport();
    await browse('destination');
    button(group('destination'), 'Choose “My files”').click();
    await start();
    expect(sentOf('startCopy')).toEqual([
      {
        type: 'startCopy',
        source: { driveId: DRIVE, itemId: 'report-id', name: 'Report.docx' },
        destination: { driveId: DRIVE, itemId: 'root-id', name: 'My files' },
        conflictBehavior: 'fail',
      },
    ]);
  });

  it('asks for what is missing first, and sends nothing', async () => {
    await openPopup();
    await openCopyScreen();
    await start();
    expect(sentOf('startCopy')).toEqual([]);
    expect(byId('copy-source-missing').textContent).toBe(text('copyNeedSource'));
    expect(byId('copy-destination-missing').textContent).toBe(text('copyNeedDestination'));
    expect(document.activeElement).toBe(byId('copy-source-link'));
    expect(byId('copy-source-link').getAttribute('aria-describedby')).toBe('copy-source-missing');
    await chooseSourceReport();
    expect(byId('copy-source-missing').hidden).toBe(true);
    await start();
    expect(document.activeElement).toBe(byId('copy-destination-link'));
    expect(sentOf('startCopy')).toEqual([]);
  });

  it.each(['graphNameConflict', 'signInNeeded', 'graphForbidden', 'copyAlreadyStarted'] as const)(
    'shows %s localised in the screen and keeps every choice',
    async (code) => {
      answers.startCopy = () => ({ ok: false, error: { code } });
      await openPopup();
      await openCopyScreen();
      await chooseSourceReport();
      await chooseDestinationArchive();
      byId<HTMLInputElement>('copy-new-name').value = 'Other.docx';
      await start();
      const error = byId('copy-error');
      expect(error.hidden).toBe(false);
      expect(error.getAttribute('role')).toBe('alert');
      expect(error.textContent).toBe(text(`error_${code}`));
      expect(byId('copy-screen').hidden).toBe(false);
      expect(chosenText('source')).toBe('File:Report.docx');
      expect(chosenText('destination')).toBe('Folder:Archive');
      expect(byId<HTMLInputElement>('copy-new-name').value).toBe('Other.docx');
      const startButton = byId('copy-screen').querySelector<HTMLButtonElement>('.copy-form button[type="submit"]')!;
      expect(startButton.disabled).toBe(false);
      expect(document.activeElement).toBe(startButton);
      // A second try is possible and is a new request.
      await start();
      expect(sentOf('startCopy')).toHaveLength(2);
    },
  );

  it('a name the background refuses is shown next to the name field', async () => {
    answers.startCopy = () => ({ ok: false, error: { code: 'copyNameInvalid' } });
    await openPopup();
    await openCopyScreen();
    await chooseSourceReport();
    await chooseDestinationArchive();
    await start();
    expect(byId('copy-new-name-error').textContent).toBe(text('error_copyNameInvalid'));
    expect(byId('copy-error').hidden).toBe(true);
  });

  it('in Portuguese: labels and errors', async () => {
    vi.restoreAllMocks();
    text = stubI18n('pt_BR');
    stubRuntime();
    answers.startCopy = () => ({ ok: false, error: { code: 'graphNameConflict' } });
    await openPopup();
    await openCopyScreen();
    expect(byId('copy-heading').textContent).toBe('Nova cópia');
    await chooseSourceReport();
    await chooseDestinationArchive();
    await start();
    expect(byId('copy-error').textContent).toBe(text('error_graphNameConflict'));
    expect(byId('copy-error').textContent).toMatch(/destino/);
  });

  it('on success goes back to the list, announces it and focuses the new job once its row is there', async () => {
    answers.startCopy = () => okResult({ jobId: 'new-job', synchronous: false });
    await openPopup();
    await openCopyScreen();
    await chooseSourceReport();
    await chooseDestinationArchive();
    await start();
    expect(byId('copy-screen').hidden).toBe(true);
    expect(byId('list-view').hidden).toBe(false);
    expect(byId('announcer').textContent).toBe('Copy of Report.docx started');
    expect(document.activeElement).toBe(byId('list-heading'));
    await seed(
      makeJob({
        id: 'new-job',
        name: 'Report.docx',
        phase: 'pending',
        copy: { destination: { driveId: DRIVE, folderId: 'archive-id' }, folderName: 'Archive' },
      }),
    );
    const row = document.activeElement as HTMLElement;
    expect(row.tagName).toBe('LI');
    expect(row.querySelector('.job-name')?.textContent).toBe('Report.docx');
    expect(row.querySelector('.job-dest')?.textContent).toBe('to Archive');
    // The next New copy starts from scratch.
    await openCopyScreen();
    expect(chosenText('source')).toBe(text('copyNothingChosen'));
    expect(chosenText('destination')).toBe(text('copyNothingChosen'));
  });

  it('focuses the row at once when it is already listed; a synchronous copy says it is done', async () => {
    answers.startCopy = async () => {
      await seed(makeJob({ id: 'done-job', name: 'Report.docx', phase: 'completed', finishedAt: T0 }));
      return okResult({ jobId: 'done-job', synchronous: true });
    };
    await openPopup();
    await openCopyScreen();
    await chooseSourceReport();
    await chooseDestinationArchive();
    await start();
    expect((document.activeElement as HTMLElement).querySelector('.job-name')?.textContent).toBe('Report.docx');
    expect(byId('announcer').textContent).toBe('Copy of Report.docx completed');
  });
});
