import browser from 'webextension-polyfill';
import { ACCOUNT_KEY, readAccount } from '../core/account';
import { isJobKey, JOB_KEY_PREFIX, JOB_PHASES, jobKey, JobSchema, type Job } from '../core/job';
import { POPUP_PORT_NAME, type ErrorCode } from '../core/messages';
import { QUARANTINE_KEY_PREFIX } from '../core/storage-keys';
import { createAccountBar, type AccountBar } from './account-bar';
import { createAnnouncer } from './announcer';
import { sendCommand, type SendCommand } from './commands';
import type { CopyScreen, CopyStartedView } from './copy-screen';
import { localizeTree, t, uiLanguage } from './i18n';
import { displayName } from './job-view';
import { createJobList, type JobList, type RowAction } from './job-list';
import { createTrackForm } from './track-form';

export interface PopupOptions {
  /** `location.search`; `?job=<id>` (from a notification click) focuses that job. */
  search: string;
  now?: () => number;
  send?: SendCommand;
}

export interface Popup {
  list: JobList;
  account: AccountBar;
  /** Resolves once stored jobs are drawn. */
  ready: Promise<void>;
  dispose(): void;
}

type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`popup.html lacks #${id}`);
  return el as T;
}

/** A stored record as a job, or null when it is not a valid job under its own key. */
export function parseStoredJob(key: string, value: unknown): Job | null {
  if (!isJobKey(key) || value === undefined || value === null) return null;
  const parsed = JobSchema.safeParse(value);
  return parsed.success && jobKey(parsed.data.id) === key ? parsed.data : null;
}

/**
 * A stored record that has, under its own key, the fields the list orders and counts jobs by
 * (id, createdAt, phase, monitorUrl), or null. Not the full check: the list gives each record
 * `parseStoredJob` before drawing its row, and every record right after the first screenful is
 * drawn. Checking a thousand records in full took 15-35 ms before anything could be shown.
 */
export function peekStoredJob(key: string, value: unknown): Job | null {
  if (!isJobKey(key) || typeof value !== 'object' || value === null) return null;
  const { id, createdAt, phase, monitorUrl } = value as Record<string, unknown>;
  const isShaped =
    typeof id === 'string' &&
    jobKey(id) === key &&
    typeof createdAt === 'number' &&
    Number.isFinite(createdAt) &&
    (JOB_PHASES as readonly unknown[]).includes(phase) &&
    typeof monitorUrl === 'string';
  return isShaped ? (value as Job) : null;
}

/**
 * Holds a port open while the popup is visible so the background polls faster. If the
 * background restarts (Chrome worker shut down) the port drops; reconnect with backoff.
 */
function keepPortOpen(): () => void {
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  let isClosed = false;
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = (): void => {
    try {
      port = browser.runtime.connect({ name: POPUP_PORT_NAME });
      port.onDisconnect.addListener(() => {
        // Chrome: reading lastError here keeps "Receiving end does not exist" from being logged
        void (globalThis as { chrome?: { runtime?: { lastError?: unknown } } }).chrome?.runtime?.lastError;
        if (isClosed) return;
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, 30_000);
      });
    } catch {
      // No background to talk to (tests, or the extension is being reloaded).
    }
  };
  open();
  return () => {
    isClosed = true;
    clearTimeout(timer);
    port?.disconnect();
  };
}

export function mountPopup(doc: Document, options: PopupOptions): Popup {
  const now = options.now ?? Date.now;
  const send = options.send ?? sendCommand;
  // Changes from here on are kept until the first read is drawn (see `ready`). The read itself is
  // asked for first: the browser fetches the records while this page localises and wires itself.
  let buffered: StorageChanges[] | null = [];
  const onStorageChanged = (changes: StorageChanges, area: string): void => {
    if (area !== 'local') return;
    // (Events come after this function has run, so everything named below exists by then.)
    const accountChange = changes[ACCOUNT_KEY];
    if (accountChange) {
      hasAccountChanged = true;
      const next = readAccount(accountChange.newValue);
      account.show(next);
      // Signed out (here or in another window): nothing on the copy screen can work any more.
      if (next === null && copyScreen?.isOpen) copyScreen.close();
    }
    if (Object.keys(changes).some((key) => key.startsWith(QUARANTINE_KEY_PREFIX))) {
      void browser.storage.local.get(null).then(showSetAside, () => undefined);
    }
    if (buffered) buffered.push(changes);
    else applyChanges(changes);
  };
  browser.storage.onChanged.addListener(onStorageChanged);
  // async: a synchronous throw becomes a rejection, handled with the read below.
  const firstRead = (async () => browser.storage.local.get(null))();
  const locale = uiLanguage();
  doc.documentElement.lang = locale;
  const bidi = browser.i18n.getMessage('@@bidi_dir');
  if (bidi === 'rtl' || bidi === 'ltr') doc.documentElement.dir = bidi;
  localizeTree(doc);

  const announce = createAnnouncer(byId(doc, 'announcer'));
  const actionError = byId<HTMLElement>(doc, 'action-error');
  const clearButton = byId<HTMLButtonElement>(doc, 'clear-finished');
  const urlInput = byId<HTMLInputElement>(doc, 'monitor-url');
  const setAsideNotice = byId<HTMLElement>(doc, 'set-aside-notice');

  /** Damaged records the background set aside: say so, so nothing vanishes without a word. */
  function showSetAside(stored: Record<string, unknown>): void {
    const count = Object.keys(stored).filter((key) => key.startsWith(QUARANTINE_KEY_PREFIX)).length;
    setAsideNotice.textContent = count === 0 ? '' : t('setAsideNotice', new Intl.NumberFormat(locale).format(count));
    setAsideNotice.hidden = count === 0;
  }

  function showActionError(code: ErrorCode | null): void {
    actionError.textContent = code === null ? '' : t(`error_${code}`);
    actionError.hidden = code === null;
  }

  async function runAction(action: RowAction, job: Job): Promise<void> {
    const result = await send(
      action === 'remove' ? { type: 'removeJob', id: job.id } : { type: 'retryJob', id: job.id },
    );
    showActionError(result.ok ? null : result.error.code);
    if (result.ok && action === 'remove') announce(t('announceRemoved', displayName(job)));
  }

  const list = createJobList(
    {
      list: byId(doc, 'job-list'),
      template: byId(doc, 'job-row'),
      empty: byId(doc, 'empty-state'),
      clearButton,
      focusFallback: byId(doc, 'list-heading'),
    },
    {
      locale,
      announce,
      onAction: (action, job) => void runAction(action, job),
      verify: (job) => parseStoredJob(jobKey(job.id), job),
    },
  );

  const onClear = (): void => {
    void send({ type: 'clearFinished' }).then((result) => {
      showActionError(result.ok ? null : result.error.code);
      if (result.ok) announce(t('announceCleared'));
    });
  };
  clearButton.addEventListener('click', onClear);

  const form = createTrackForm(
    {
      form: byId(doc, 'track-form'),
      url: urlInput,
      urlError: byId(doc, 'monitor-url-error'),
      name: byId(doc, 'job-name'),
      nameError: byId(doc, 'job-name-error'),
    },
    { trackedUrls: () => list.jobs().map((job) => job.monitorUrl), send, announce },
  );

  const openOptions = (): void => {
    browser.runtime.openOptionsPage().catch(() => account.showError('internal'));
  };
  const optionsButton = byId<HTMLButtonElement>(doc, 'open-options');
  optionsButton.title = t('openOptions');
  optionsButton.addEventListener('click', openOptions);

  const account = createAccountBar(
    {
      root: byId(doc, 'account'),
      status: byId(doc, 'account-status'),
      signIn: byId(doc, 'sign-in'),
      signOut: byId(doc, 'sign-out'),
      newCopy: byId(doc, 'new-copy'),
      error: byId(doc, 'account-error'),
      errorOptions: byId(doc, 'account-options'),
    },
    { send, announce, openOptions, onNewCopy: () => openCopyScreen() },
  );

  // The copy screen is loaded the first time it is asked for: the list must open fast.
  const listView = byId(doc, 'list-view');
  const listHeading = byId(doc, 'list-heading');
  const newCopyButton = byId<HTMLButtonElement>(doc, 'new-copy');
  let copyScreen: CopyScreen | undefined;
  let copyScreenLoading: Promise<CopyScreen> | undefined;
  /** A job started from the copy screen that the list should focus once its row is drawn. */
  let focusWhenListed: string | null = null;

  // An outcome that arrived while the copy screen hid the list has not been seen yet.
  let isUnseenBehindScreen = false;
  function showList(): void {
    listView.hidden = false;
    if (isUnseenBehindScreen) {
      isUnseenBehindScreen = false;
      markSeen();
    }
  }
  function onCopyClosed(): void {
    showList();
    // Back where the screen was opened; signed out meanwhile, to Sign in.
    const signInButton = byId(doc, 'sign-in');
    (!newCopyButton.hidden ? newCopyButton : !signInButton.hidden ? signInButton : listHeading).focus();
  }
  function onCopyStarted(started: CopyStartedView, wasOpen: boolean): void {
    showList();
    announce(t(started.synchronous ? 'announceCopyDone' : 'announceCopyStarted', started.name));
    if (!wasOpen || started.jobId === null) {
      if (wasOpen) listHeading.focus();
      return;
    }
    if (list.focusJob(started.jobId)) return;
    // The answer can beat the storage change that brings the row: wait for it on the heading.
    listHeading.focus();
    focusWhenListed = started.jobId;
  }
  function openCopyScreen(): void {
    if (copyScreen?.isOpen) {
      // Already showing (the strip's button stays visible): bring focus back to its top.
      copyScreen.open();
      return;
    }
    if (!copyScreenLoading) {
      newCopyButton.setAttribute('aria-busy', 'true');
      copyScreenLoading = import('./copy-screen').then(({ createCopyScreen }) => {
        const screen = createCopyScreen(doc, { send, announce, onClose: onCopyClosed, onStarted: onCopyStarted });
        listView.after(screen.el);
        copyScreen = screen;
        return screen;
      });
    }
    copyScreenLoading.then(
      (screen) => {
        newCopyButton.removeAttribute('aria-busy');
        // Signed out while it loaded: the button that asked is gone; stay on the list.
        if (account.view !== 'signedIn' || screen.isOpen) return;
        listView.hidden = true;
        screen.open();
      },
      () => {
        // The extension was updated or reloaded under the popup: the chunk is gone.
        newCopyButton.removeAttribute('aria-busy');
        copyScreenLoading = undefined;
        account.showError('internal');
      },
    );
  }
  // Read on its own, not with the jobs: a thousand jobs must not hold up the account strip.
  // A change that arrives while the read is out is newer than what the read returns.
  let hasAccountChanged = false;
  void browser.storage.local.get(ACCOUNT_KEY).then(
    (stored) => {
      if (!hasAccountChanged) account.show(readAccount(stored[ACCOUNT_KEY]));
    },
    () => {
      if (!hasAccountChanged) account.show(null);
    },
  );

  // Failed/expired outcomes count as seen once the popup shows them (badge mark goes away).
  let isMarkingSeen = false;
  let isMarkSeenDue = false;
  function markSeen(): void {
    if (isMarkingSeen) {
      // An outcome that arrived during the request may have been written after it: ask again.
      isMarkSeenDue = true;
      return;
    }
    isMarkingSeen = true;
    void send({ type: 'markSeen' }).finally(() => {
      isMarkingSeen = false;
      if (isMarkSeenDue) {
        isMarkSeenDue = false;
        markSeen();
      }
    });
  }

  function applyChanges(changes: StorageChanges): void {
    const keyed = new Map<string, Job | null>();
    let hasUnseen = false;
    for (const [key, change] of Object.entries(changes)) {
      if (!isJobKey(key)) continue;
      const job = parseStoredJob(key, change.newValue);
      keyed.set(key.slice(JOB_KEY_PREFIX.length), job);
      if (job && !job.seen) hasUnseen = true;
    }
    if (keyed.size === 0) return;
    list.apply(keyed, now());
    if (focusWhenListed !== null && keyed.get(focusWhenListed)) {
      // Only if the user has not moved on meanwhile.
      const active = doc.activeElement;
      if (active === listHeading || active === null || active === doc.body) list.focusJob(focusWhenListed);
      focusWhenListed = null;
    }
    if (hasUnseen && !doc.hidden) {
      if (listView.hidden) isUnseenBehindScreen = true;
      else markSeen();
    }
  }
  const closePort = keepPortOpen();
  markSeen();

  let isDisposed = false;
  const targetId = new URLSearchParams(options.search).get('job');
  // Focus the paste target now: the style and layout pass that focusing needs runs while the
  // browser is still reading storage.
  if (targetId === null) urlInput.focus();
  const ready = (async () => {
    let stored: Record<string, unknown> = {};
    try {
      stored = await firstRead;
    } catch {
      // Leave the list empty; changes that arrive later still fill it.
    }
    const jobs: Job[] = [];
    for (const [key, value] of Object.entries(stored)) {
      const job = peekStoredJob(key, value);
      if (job) jobs.push(job);
    }
    list.setJobs(jobs, now(), { isVerified: false });
    // The records not drawn get their full check once the first screenful is on screen and the
    // page is idle (happy-dom has no requestIdleCallback).
    const win = doc.defaultView;
    const checkRest = (): void => {
      if (!isDisposed) list.verifyAll();
    };
    if (win && 'requestIdleCallback' in win) {
      win.requestAnimationFrame(() => win.requestIdleCallback(checkRest, { timeout: 500 }));
    } else {
      setTimeout(checkRest, 0);
    }
    showSetAside(stored);
    // Changes that raced the first read, in arrival order: the last one wins, as in storage.
    const pending = buffered ?? [];
    buffered = null;
    for (const changes of pending) applyChanges(changes);
    if (targetId !== null && !list.focusJob(targetId)) urlInput.focus();
  })();

  const ticker = setInterval(() => {
    if (!doc.hidden) list.tick(now());
  }, 1_000);

  return {
    list,
    account,
    ready,
    dispose() {
      clearInterval(ticker);
      isDisposed = true;
      list.dispose();
      browser.storage.onChanged.removeListener(onStorageChanged);
      clearButton.removeEventListener('click', onClear);
      optionsButton.removeEventListener('click', openOptions);
      account.dispose();
      copyScreen?.dispose();
      form.dispose();
      closePort();
    },
  };
}
