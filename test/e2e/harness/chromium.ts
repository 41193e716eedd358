import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { MAPPED_HOSTS } from '../../simulator/server';
import type { BadgeState, ExtensionGlobal } from './extension-global';
import { chromiumExecutable, DIST_CHROME, POPUP_PATH, resolveDist, resultPath } from './paths';
import { bodyWidth, POPUP_VIEWPORT } from './popup-size';

/** Any extension page that is not the popup will do for sending commands. */
const PROBE_PATH = 'icons/icon-16.png';

/**
 * Real Chromium with the built extension, its Microsoft host names mapped to the simulator
 * (browser-testing.md "Real host names against local fakes"). Runs the very build that ships.
 */

export interface LaunchChromiumOptions {
  /** Build folder, relative to the repo root or absolute. Default dist/chrome. */
  dist?: string;
  /** Where Microsoft's hosts go: the simulator's HTTPS port. */
  sim: { port: number };
  /** UI language: --lang (extension messages) plus the context locale (navigator, getUILanguage in pages). */
  locale?: 'en-US' | 'pt-BR';
  colorScheme?: 'light' | 'dark';
  /** Default true; the demo shows a window when there is a display. */
  headless?: boolean;
  extraArgs?: string[];
  /**
   * A profile folder to use and keep (a browser restart: launch again with the same folder).
   * Default: a fresh temporary one, removed on close.
   */
  profile?: string;
}

export interface ChromiumExtension {
  context: BrowserContext;
  /** The extension's service worker. The same handle keeps working after a restart. */
  readonly worker: Worker;
  extensionId: string;
  /** chrome-extension://<id> */
  origin: string;
  /**
   * Opens the popup page as a tab (`query` without "?"). Without a `viewport` it is sized like the
   * real popup: 600 px high and as wide as the page's body (see POPUP_VIEWPORT).
   */
  openPopup(query?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Kills the service worker like Chrome does when it idles; storage and alarms survive. */
  stopWorker(): Promise<void>;
  isWorkerRunning(): Promise<boolean>;
  /** Starts the worker if it is stopped, so `evaluate` on it does not block. */
  wakeWorker(): Promise<void>;
  /** `worker.evaluate` after making sure it runs. */
  inWorker<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** chrome.storage.local.get(null) */
  storage(): Promise<Record<string, unknown>>;
  badge(): Promise<BadgeState>;
  /** Ids of the notifications on screen (Chrome gives nothing more through the API). */
  notifications(): Promise<string[]>;
  /** Clears every notification of the extension (between tests). */
  clearNotifications(): Promise<void>;
  /**
   * An extension page that is not the popup (the add-on's icon, which still gets the extension
   * API): sends commands like the popup would, without holding the popup's port open (which
   * speeds polling up) and without marking failed outcomes as seen.
   */
  probe(): Promise<Page>;
  /** `runtime.sendMessage(command)` from the probe page; resolves with the background's answer. */
  send(command: unknown): Promise<unknown>;
  /**
   * The progress bars as the accessibility tree exposes them to screen readers
   * (aria-valuenow is `value`; null when the bar is indeterminate).
   */
  progressBars(page: Page): Promise<{ name: string; value: number | null }[]>;
  /** Saves a PNG under test-results/ (`name` may contain folders) and returns its path. */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function launchChromium(options: LaunchChromiumOptions): Promise<ChromiumExtension> {
  const dist = resolveDist(options.dist ?? DIST_CHROME);
  const ownsProfile = options.profile === undefined;
  const profile = options.profile ?? (await mkdtemp(path.join(os.tmpdir(), 'copy-e2e-chromium-')));
  const rules = MAPPED_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${options.sim.port}`).join(', ');
  const locale = options.locale ?? 'en-US';
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    headless: options.headless ?? true,
    locale,
    colorScheme: options.colorScheme ?? 'light',
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${rules}`,
      // The simulator's certificate is self-signed.
      '--ignore-certificate-errors',
      `--lang=${locale}`,
      ...(options.extraArgs ?? []),
    ],
  });

  try {
    const isOurs = (w: Worker): boolean => w.url().startsWith('chrome-extension://');
    let worker =
      context.serviceWorkers().find(isOurs) ??
      (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 10_000 }));
    // Playwright usually reuses the handle after a restart, but follow a new one if it appears.
    context.on('serviceworker', (w) => {
      if (isOurs(w)) worker = w;
    });
    const extensionId = new URL(worker.url()).host;
    const origin = `chrome-extension://${extensionId}`;

    let probePage: Page | null = null;
    const probe = async (): Promise<Page> => {
      if (probePage === null || probePage.isClosed()) {
        probePage = await context.newPage();
        await probePage.goto(`${origin}/${PROBE_PATH}`);
      }
      return probePage;
    };

    // CDP needs a page to attach to; keep the start-up blank tab for that, out of tests' way.
    const cdpPage = context.pages()[0] ?? (await context.newPage());
    let cdp: CDPSession | null = null;
    const session = async (): Promise<CDPSession> => (cdp ??= await context.newCDPSession(cdpPage));

    const workerTargetIds = async (): Promise<string[]> => {
      const { targetInfos } = await (await session()).send('Target.getTargets');
      return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(origin)).map((t) => t.targetId);
    };
    const waitFor = async (check: () => Promise<boolean>, what: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    const api: ChromiumExtension = {
      context,
      get worker() {
        return worker;
      },
      extensionId,
      origin,
      openPopup: async (query, viewport) => {
        const page = await context.newPage();
        await page.setViewportSize(viewport ?? POPUP_VIEWPORT);
        await page.goto(`${origin}/${POPUP_PATH}${query ? `?${query}` : ''}`);
        if (!viewport) {
          const width = await page.evaluate(bodyWidth);
          if (width < POPUP_VIEWPORT.width) await page.setViewportSize({ ...POPUP_VIEWPORT, width });
        }
        return page;
      },
      isWorkerRunning: async () => (await workerTargetIds()).length > 0,
      stopWorker: async () => {
        const s = await session();
        for (const targetId of await workerTargetIds()) await s.send('Target.closeTarget', { targetId });
        await waitFor(async () => !(await api.isWorkerRunning()), 'the service worker to stop');
      },
      wakeWorker: async () => {
        if (await api.isWorkerRunning()) return;
        // Like an incoming event would; no extension page (with its side effects) needed.
        const s = await session();
        await s.send('ServiceWorker.enable');
        await s.send('ServiceWorker.startWorker', { scopeURL: `${origin}/` });
        await waitFor(api.isWorkerRunning, 'the service worker to start');
      },
      inWorker: async (fn, arg) => {
        await api.wakeWorker();
        return worker.evaluate(fn, arg as never);
      },
      // These callbacks run inside the worker: no references to anything in this module.
      storage: () => api.inWorker(() => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(null)),
      badge: () =>
        api.inWorker(async () => {
          const { action } = (globalThis as unknown as ExtensionGlobal).chrome;
          return {
            text: await action.getBadgeText({}),
            title: await action.getTitle({}),
            color: await action.getBadgeBackgroundColor({}),
          };
        }),
      notifications: () =>
        api.inWorker(async () =>
          Object.keys(await (globalThis as unknown as ExtensionGlobal).chrome.notifications.getAll()),
        ),
      clearNotifications: () =>
        api.inWorker(async () => {
          const { notifications } = (globalThis as unknown as ExtensionGlobal).chrome;
          for (const id of Object.keys(await notifications.getAll())) await notifications.clear(id);
        }),
      probe,
      send: async (command) =>
        (await probe()).evaluate(
          (message) => (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(message),
          command,
        ),
      progressBars: async (page) => {
        const cdp = await context.newCDPSession(page);
        try {
          const { nodes } = await cdp.send('Accessibility.getFullAXTree');
          return nodes
            .filter((n) => n.role?.value === 'progressbar' && !n.ignored)
            .map((n) => ({
              name: String(n.name?.value ?? ''),
              value: typeof n.value?.value === 'number' ? n.value.value : null,
            }));
        } finally {
          await cdp.detach().catch(() => {});
        }
      },
      screenshot: async (page, name, shot = {}) => {
        const file = await resultPath(name);
        await page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
        return file;
      },
      close: async () => {
        await context.close().catch(() => {});
        if (ownsProfile) await rm(profile, { recursive: true, force: true });
      },
    };
    return api;
  } catch (error) {
    await context.close().catch(() => {});
    if (ownsProfile) await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
