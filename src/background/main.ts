// Background wiring shared by the Chrome service worker and the Firefox event page. The entry
// files call startBackground synchronously at their top level so every listener is registered
// before an event that woke the background is dispatched.
import browser from 'webextension-polyfill';
import { ACCOUNT_KEY } from '../core/account';
import { POPUP_PORT_NAME } from '../core/messages';
import { createBadgeView } from './badge-view';
import { createAccount } from './account';
import { runCommand, type AuthCommands } from './commands';
import { createCopyService } from './copy-service';
import { createGraphClient } from './graph-client';
import { createHostLimiter } from './host-limiter';
import { createJobStore } from './job-store';
import { createMessageRouter, isOwnPage } from './message-router';
import { fetchMonitor } from './monitor-fetch';
import { createNotifier } from './notifier';
import { createPoller } from './poller';
import { SETTINGS_KEY, readSettings } from '../core/settings';

/** Backstop that restarts polling after the worker was stopped (packed Chrome clamps to 30 s). */
const BACKSTOP_ALARM = 'poll-backstop';
/**
 * A one-shot alarm at the next poll's time. A Firefox event page is suspended after 30 s without
 * events, which kills the timer; this alarm wakes it on time. (Packed Chrome delays it to 30 s,
 * where the timer, kept alive by the API calls of each round, does the work.)
 */
const WAKE_ALARM = 'poll-next';
/** Requests in flight to one host at most. */
const PER_HOST_CONCURRENCY = 4;

export interface BackgroundOptions {
  /** The sign-in host for this browser; absent where sign-in cannot run. */
  auth?: AuthHost | undefined;
}

/** What a browser's sign-in host offers the background (MSAL lives behind it). */
export interface AuthHost extends AuthCommands {
  /** Messages meant for the host itself (Chrome: the offscreen document's); undefined for others. */
  handleMessage?(message: unknown, sender: browser.Runtime.MessageSender): Promise<unknown> | undefined;
}

export function startBackground({ auth }: BackgroundOptions = {}): void {
  const now = (): number => Date.now();
  const newId = (): string => crypto.randomUUID();
  const t = (key: string, substitutions?: string[]): string => browser.i18n.getMessage(key, substitutions);
  // The page URL prefix of our own pages (`chrome-extension://<id>/`, `moz-extension://<uuid>/`); URL.origin
  // is not used because it is "null" for these schemes outside the browser.
  const extensionOrigin = browser.runtime.getURL('/');
  const numberFormat = new Intl.NumberFormat(browser.i18n.getUILanguage());
  let popupPorts = 0;
  // The user's choice to poll only while the popup is open; kept current from storage.
  let pollWhilePopupClosed = true;
  const followSettings = (raw: unknown): void => {
    pollWhilePopupClosed = readSettings(raw).settings.pollWhilePopupClosed;
  };
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (SETTINGS_KEY in changes) {
      followSettings(changes[SETTINGS_KEY]?.newValue);
      void poller.wake();
    }
    // Signed in, out, or asked to sign in again: the badge says so at once.
    if (ACCOUNT_KEY in changes) void afterChange();
  });

  const store = createJobStore({
    area: browser.storage.local,
    now,
    onSetAside: (count) => console.warn(`Copy Progress: set aside ${count} unreadable job record(s)`),
  });
  const account = createAccount({ auth, area: browser.storage.local, now });
  const badge = createBadgeView({
    action: browser.action,
    t,
    formatCount: (n) => numberFormat.format(n),
    needsSignIn: async () => (await account.read())?.state === 'needsSignIn',
  });
  const notifier = createNotifier({
    api: browser.notifications,
    area: browser.storage.local,
    t,
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    now,
    newId,
    notifyOn: async () => readSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).settings.notifyOn,
  });

  const poller = createPoller({
    store,
    limiter: createHostLimiter(PER_HOST_CONCURRENCY),
    fetchMonitor: (url) => fetchMonitor(fetch, url),
    now,
    random: Math.random,
    isPopupOpen: () => popupPorts > 0,
    isPaused: () => popupPorts === 0 && !pollWhilePopupClosed,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    onRound: async ({ transitions, snapshot }) => {
      await notifier.notify(transitions, snapshot.jobs);
      await badge.update(snapshot.jobs.values());
      // Name what the finished copies produced (a link in the popup, the notification's click).
      if (transitions.some((transition) => transition.to === 'completed')) void resolveResults();
    },
    // Called after every round (at most MAX_SLEEP_MS apart while jobs are active): the alarm
    // calls double as the extension API activity that keeps a Chrome worker from idling out.
    onActivity: async (hasActiveJobs, nextDueAt) => {
      const alarm = await browser.alarms.get(BACKSTOP_ALARM);
      if (hasActiveJobs && alarm === undefined) await browser.alarms.create(BACKSTOP_ALARM, { periodInMinutes: 0.5 });
      if (!hasActiveJobs && alarm !== undefined) await browser.alarms.clear(BACKSTOP_ALARM);
      if (nextDueAt !== null)
        await browser.alarms.create(WAKE_ALARM, { when: Math.max(nextDueAt, Date.now() + 1_000) });
      else await browser.alarms.clear(WAKE_ALARM);
    },
  });

  const afterChange = async (): Promise<void> => badge.update((await store.read()).jobs.values());
  const copies = createCopyService({
    graph: createGraphClient({ fetch: (url, init) => fetch(url, init), tokens: account.tokens }),
    account,
    store,
    wakePoller: () => void poller.wake(),
    now,
    newId,
  });
  const resolveResults = async (): Promise<void> => {
    if ((await copies.resolveFinished()) > 0) await afterChange();
  };

  const route = createMessageRouter({
    extensionId: browser.runtime.id,
    extensionOrigin,
    run: (command) => runCommand(command, { store, poller, now, newId, afterChange, auth, account, copies }),
  });

  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    // The offscreen document asks for the sign-in window; its answers to us are not commands.
    const forAuth = auth?.handleMessage?.(message, sender);
    if (forAuth !== undefined) return forAuth;
    if (typeof message === 'object' && message !== null && 'target' in message) return undefined;
    return route(message, sender);
  });

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== POPUP_PORT_NAME || !isOwnPage(port.sender ?? {}, browser.runtime.id, extensionOrigin)) {
      port.disconnect();
      return;
    }
    popupPorts++;
    port.onDisconnect.addListener(() => {
      popupPorts = Math.max(0, popupPorts - 1);
    });
    // The popup is looking: refresh every active job now and then at least every 2 s.
    void poller.pollAllSoon();
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKSTOP_ALARM || alarm.name === WAKE_ALARM) void poller.wake();
  });

  // A finished copy's notification opens the new item; any other opens the popup's page on the job.
  browser.notifications.onClicked.addListener((notificationId) => {
    void (async () => {
      const jobIds = await notifier.takeClicked(notificationId);
      const [jobId] = jobIds;
      if (jobIds.length === 1 && jobId !== undefined) {
        const finished = (await store.read()).jobs.get(jobId);
        if (finished?.phase === 'completed' && finished.result === undefined) await resolveResults();
        const result = (await store.read()).jobs.get(jobId)?.result;
        if (result?.state === 'found') {
          await browser.tabs.create({ url: result.webUrl });
          return;
        }
      }
      const page = browser.runtime.getURL('src/popup/popup.html');
      await browser.tabs.create({ url: jobId === undefined ? page : `${page}?job=${encodeURIComponent(jobId)}` });
    })();
  });

  // Only a user's dismissal ends a notification's life: one the system closed may still sit in
  // a notification centre and be clicked later (old records are pruned at start-up).
  browser.notifications.onClosed.addListener((notificationId, byUser) => {
    if (byUser) void notifier.forget(notificationId);
  });

  // Every start of the worker (install, browser start, wake-up by any event) resumes polling.
  void (async () => {
    followSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
    await afterChange();
    await notifier.pruneOld();
    await poller.wake();
    // A worker killed between a completion and its lookup finishes the lookup now.
    await resolveResults();
  })();
}
