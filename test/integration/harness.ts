import { fakeBrowser } from '@webext-core/fake-browser';
import type { MonitorResponse } from '../../src/core/classify';
import type { Command, CommandResult } from '../../src/core/messages';
import { createAccount } from '../../src/background/account';
import type { AuthCommands } from '../../src/background/auth-host';
import { createBadgeView } from '../../src/background/badge-view';
import { createCopyService } from '../../src/background/copy-service';
import { createGraphClient } from '../../src/background/graph-client';
import type { FetchLike } from '../../src/background/monitor-fetch';
import { runCommand } from '../../src/background/commands';
import { createHostLimiter } from '../../src/background/host-limiter';
import { createJobStore, type StorageArea } from '../../src/background/job-store';
import { createNotifier, type NotificationsApi } from '../../src/background/notifier';
import { createPoller } from '../../src/background/poller';
import { T0 } from '../unit/fixtures';
import { SETTINGS_KEY, readSettings } from '../../src/core/settings';

/** What a scripted monitor answers: a response, or a function of the request count. */
export type Script = (url: string, call: number) => MonitorResponse | Promise<MonitorResponse>;

export const status = (body: Record<string, unknown>, code = 202): MonitorResponse => ({
  kind: 'http',
  status: code,
  redirected: false,
  url: '',
  retryAfter: null,
  body: JSON.stringify(body),
});

/**
 * The background's pieces wired as index.ts wires them, on the fake browser's storage, with a
 * controllable clock and a scripted network. `restart()` throws the in-memory state away, as a
 * killed service worker does, and keeps storage.
 */
export function createBackground(
  script: Script,
  options: {
    /** The sign-in host (default: none, as where sign-in cannot run). */
    auth?: AuthCommands;
    /** What Graph answers (default: the network is down). */
    graphFetch?: FetchLike;
    /** The user's "keep checking with the popup closed" (default on). */
    pollWhilePopupClosed?: () => boolean;
  } = {},
) {
  const clock = { now: T0 };
  const calls: { url: string; at: number }[] = [];
  const inFlight = new Map<string, number>();
  let peakPerHost = 0;
  const notifications: { id: string; title: string; message: string }[] = [];
  const setCalls: Record<string, unknown>[] = [];
  const area: StorageArea = {
    get: (keys) => fakeBrowser.storage.local.get(keys),
    set: async (items) => {
      setCalls.push(items);
      await fakeBrowser.storage.local.set(items);
    },
    remove: (keys) => fakeBrowser.storage.local.remove(keys),
  };
  const api: NotificationsApi = {
    create: async (id, options) => {
      notifications.push({ id, title: options.title, message: options.message });
      return id;
    },
    clear: async () => true,
  };
  const t = (key: string, subs: string[] = []) => (subs.length > 0 ? `${key}(${subs.join('|')})` : key);
  let popupOpen = false;
  let ids = 0;
  const badgeCalls: { text: string; title: string; color: string }[] = [];
  let lastTimerDelay: number | null = null;
  const activity: { active: boolean; nextDueAt: number | null }[] = [];

  const accountArea = {
    get: (key: string) => fakeBrowser.storage.local.get(key),
    set: (items: Record<string, unknown>) => fakeBrowser.storage.local.set(items),
    remove: (key: string) => fakeBrowser.storage.local.remove(key),
  };
  const graphFetch: FetchLike =
    options.graphFetch ??
    (() => {
      throw new TypeError('network down');
    });

  function build() {
    const store = createJobStore({ area, now: () => clock.now });
    const account = createAccount({ auth: options.auth, area: accountArea, now: () => clock.now });
    const badgeState = { text: '', color: '', title: '' };
    const badge = createBadgeView({
      action: {
        setBadgeText: async ({ text }) => void (badgeState.text = text),
        setBadgeBackgroundColor: async ({ color }) => void (badgeState.color = color),
        setTitle: async ({ title }) => {
          badgeState.title = title;
          badgeCalls.push({ ...badgeState });
        },
      },
      t,
      formatCount: String,
      needsSignIn: async () => (await account.read())?.state === 'needsSignIn',
    });
    const notifier = createNotifier({
      api,
      area,
      t,
      iconUrl: 'icon.png',
      now: () => clock.now,
      newId: () => `n${++ids}`,
      notifyOn: async () =>
        readSettings((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).settings.notifyOn,
    });
    const poller = createPoller({
      store,
      limiter: createHostLimiter(4),
      fetchMonitor: async (url) => {
        const host = new URL(url).host;
        inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
        peakPerHost = Math.max(peakPerHost, inFlight.get(host) ?? 0);
        calls.push({ url, at: clock.now });
        try {
          return await script(url, calls.filter((c) => c.url === url).length);
        } finally {
          inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
        }
      },
      now: () => clock.now,
      random: () => 0.5,
      isPopupOpen: () => popupOpen,
      isPaused: () => !popupOpen && !(options.pollWhilePopupClosed?.() ?? true),
      setTimer: (_callback, ms) => {
        lastTimerDelay = ms;
        return ms;
      },
      clearTimer: () => undefined,
      onRound: async ({ transitions, snapshot }) => {
        await notifier.notify(transitions, snapshot.jobs);
        await badge.update(snapshot.jobs.values());
        // main.ts does not wait for the lookup; here it is awaited so tests see its outcome.
        if (transitions.some((transition) => transition.to === 'completed')) await copies.resolveFinished();
      },
      onActivity: async (active, nextDueAt) => {
        activity.push({ active, nextDueAt });
      },
    });
    const afterChange = async () => badge.update((await store.read()).jobs.values());
    const copies = createCopyService({
      graph: createGraphClient({ fetch: graphFetch, tokens: account.tokens }),
      account,
      store,
      wakePoller: () => undefined,
      now: () => clock.now,
      newId: () => `job-${++ids}`,
    });
    const run = (command: Command): Promise<CommandResult> =>
      runCommand(command, {
        store,
        poller,
        now: () => clock.now,
        newId: () => `job-${++ids}`,
        afterChange,
        auth: options.auth,
        account,
        copies,
      });
    return { store, poller, notifier, run, badgeState, copies, account };
  }

  let current = build();
  return {
    clock,
    calls,
    notifications,
    setCalls,
    badgeCalls,
    /** What the poller reported after each round (alarms are set from it). */
    activity,
    get peakPerHost() {
      return peakPerHost;
    },
    get lastTimerDelay() {
      return lastTimerDelay;
    },
    setPopupOpen(open: boolean) {
      popupOpen = open;
    },
    get bg() {
      return current;
    },
    /** A killed worker: memory gone, storage kept. */
    restart() {
      current.poller.stop();
      current = build();
    },
    /** Advance the clock to the earliest due poll and run it, like the timer would. */
    async tick(): Promise<void> {
      const { jobs, hostGates } = await current.store.read();
      const due = [...jobs.values()]
        .filter((job) => job.nextPollAt !== null)
        .map((job) => Math.max(job.nextPollAt ?? 0, hostGates[job.host] ?? 0));
      if (due.length > 0) clock.now = Math.max(clock.now, Math.min(...due));
      await current.poller.wake();
    },
    async jobs() {
      return [...(await current.store.read()).jobs.values()];
    },
  };
}
