import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { BadgeState, ExtensionGlobal, NotificationOptions } from './extension-global';
import { DIST_FIREFOX, firefoxExecutable, POPUP_PATH, resolveDist, resultPath } from './paths';
import { bodyWidth, POPUP_VIEWPORT } from './popup-size';

/**
 * Real Firefox ESR with the built add-on, over WebDriver BiDi (browser-testing.md "Firefox").
 * Firefox has no host resolver rules, so every HTTPS request goes through the simulator's
 * CONNECT proxy, which ends all tunnels at the simulator whatever the host.
 */

export interface LaunchFirefoxOptions {
  /** Build folder, relative to the repo root or absolute. Default dist/firefox. */
  dist?: string;
  /** The simulator's CONNECT proxy port. */
  sim: { proxyPort: number };
  /** Takes effect only if the Firefox language pack is installed (firefox-esr-l10n-pt-br). */
  locale?: 'en-US' | 'pt-BR';
  colorScheme?: 'light' | 'dark';
  headless?: boolean;
  /** More about:config prefs, e.g. extensions.background.idle.timeout for restart tests. */
  prefs?: Record<string, unknown>;
  /**
   * Show notifications in Firefox's own alert windows, which stay up and can be clicked
   * (firefox-alerts.ts), rather than through the system backend, which headless Firefox closes
   * at once.
   */
  alertWindows?: boolean;
  /**
   * A profile folder to use and keep, for a browser restart: launch again with the same folder.
   * The add-on is installed as a temporary one each time, so its storage is kept across that
   * reinstall (what a permanently installed add-on gets for free). Default: a fresh profile.
   */
  profile?: string;
}

export interface FirefoxExtension {
  browser: Browser;
  addonId: string;
  /** Pinned through extensions.webextensions.uuids, so URLs are known before install. */
  uuid: string;
  /** moz-extension://<uuid> */
  origin: string;
  /**
   * Opens the popup page as a tab and waits for its DOM (goto never resolves there). Without a
   * `viewport` it is sized like the real popup (see POPUP_VIEWPORT).
   */
  openPopup(query?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Opens another page of the add-on (e.g. `src/options/options.html`) as a tab and waits for its DOM. */
  openPage(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  /**
   * An extension page without the popup's side effects (it is the add-on's icon, which still
   * gets the extension API): where storage(), badge() and friends run.
   */
  probe(): Promise<Page>;
  /** `runtime.sendMessage(command)` from the probe page; resolves with the background's answer. */
  send(command: unknown): Promise<unknown>;
  storage(): Promise<Record<string, unknown>>;
  badge(): Promise<BadgeState>;
  /**
   * `notifications.getAll()`: Firefox returns each notification's options, not just ids. In
   * headless Firefox this is `{}` moments after a notification was created: Firefox's
   * ext-notifications.js drops a notification from its map on the alerts service's
   * "alertfinished", and headless Firefox finishes every alert at once (onClosed fires within
   * milliseconds, onShown never). Use `recordNotifications()` / `notificationLog()` to see what
   * the extension showed.
   */
  notifications(): Promise<Record<string, unknown>>;
  /**
   * Starts recording the extension's notifications: wraps the event page's
   * `browser.notifications.create` (calling through, so the real notification is still created)
   * and listens to onShown / onClosed from the probe page. Keep the probe page open meanwhile:
   * the wrapper lives in it. Idempotent; a restarted event page needs a new call.
   */
  recordNotifications(): Promise<void>;
  /** What was recorded since `recordNotifications()`, oldest first. */
  notificationLog(): Promise<NotificationEvent[]>;
  /** Saves a PNG under test-results/ (`name` may contain folders) and returns its path. */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export type NotificationEvent =
  | { event: 'create'; id: string; at: number; type: string; title: string; message: string; iconUrl: string | null }
  /** `create` resolved (Firefox resolves even when the alert cannot be displayed). */
  | { event: 'created'; id: string; at: number }
  | { event: 'error'; id: string; at: number; error: string }
  | { event: 'shown' | 'closed'; id: string; at: number };

type RecordingGlobal = ExtensionGlobal & { __e2eNotifications?: NotificationEvent[] };

/** Any fixed UUID works; this one is only ever used by tests. */
export const FIREFOX_TEST_UUID = '6f1b7c1e-8d3a-4c55-9f1e-2b7a0d1c9e42';
const PROBE_PATH = 'icons/icon-16.png';

async function geckoId(dist: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dist}/manifest.json has no gecko id: is this the Firefox build?`);
  return id;
}

/** Navigates without awaiting `goto` (it never settles for moz-extension pages) and waits for the DOM. */
async function openExtensionPage(
  browser: Browser,
  url: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await browser.newPage();
  if (viewport) await page.setViewport(viewport);
  // Rejects with "frame detached" when the browser closes: nothing to report.
  void page.goto(url).catch(() => {});
  // Polled by hand rather than with waitForFunction: an evaluation that lands while about:blank
  // is being replaced fails with a protocol error ("right-hand side of 'in' should be an
  // object, got null"), which waitForFunction does not retry.
  const expected = url.split('?')[0] ?? url;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await page
      .evaluate((prefix: string) => location.href.startsWith(prefix) && document.readyState === 'complete', expected)
      .catch(() => false);
    if (ready) return page;
    if (Date.now() > deadline) throw new Error(`timed out opening ${expected.replace(/^moz-extension:\/\/[^/]+/, '')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Without the language pack Firefox silently stays in English, and a locale test would pass on nothing. */
function requireLanguagePack(locale: string): void {
  if (locale === 'en-US') return;
  const dir = path.join(path.dirname(realpathSync(firefoxExecutable())), 'browser/extensions');
  const found = existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(`langpack-${locale}@`));
  if (!found) {
    throw new Error(`Firefox has no ${locale} language pack: apt-get install firefox-esr-l10n-${locale.toLowerCase()}`);
  }
}

export async function launchFirefox(options: LaunchFirefoxOptions): Promise<FirefoxExtension> {
  const dist = resolveDist(options.dist ?? DIST_FIREFOX);
  const addonId = await geckoId(dist);
  const uuid = FIREFOX_TEST_UUID;
  const origin = `moz-extension://${uuid}`;
  const proxy = options.sim.proxyPort;
  const locale = options.locale ?? 'en-US';
  requireLanguagePack(locale);
  const dark = options.colorScheme === 'dark';

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxExecutable(),
    headless: options.headless ?? true,
    protocol: 'webDriverBiDi',
    args: ['--remote-allow-system-access'],
    // The simulator's certificate is self-signed.
    acceptInsecureCerts: true,
    ...(options.profile !== undefined ? { userDataDir: options.profile } : {}),
    extraPrefsFirefox: {
      ...(options.profile !== undefined
        ? {
            'extensions.webextensions.keepStorageOnUninstall': true,
            'extensions.webextensions.keepUuidOnUninstall': true,
          }
        : {}),
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy,
      'network.proxy.no_proxies_on': '',
      // Firefox's own remote-settings polling would otherwise fill the simulator's log.
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'intl.locale.requested': locale,
      'intl.accept_languages': locale === 'pt-BR' ? 'pt-BR, pt, en-US, en' : 'en-US, en',
      // 0 = dark, 1 = light for web content; the system flag covers extension pages too.
      'layout.css.prefers-color-scheme.content-override': dark ? 0 : 1,
      'ui.systemUsesDarkTheme': dark ? 1 : 0,
      ...(options.alertWindows ? { 'alerts.useSystemBackend': false } : {}),
      ...options.prefs,
    },
  });

  try {
    await browser.installExtension(dist);
    let probePage: Page | null = null;
    const probe = async (): Promise<Page> => {
      if (probePage === null || probePage.isClosed())
        probePage = await openExtensionPage(browser, `${origin}/${PROBE_PATH}`);
      return probePage;
    };

    const api: FirefoxExtension = {
      browser,
      addonId,
      uuid,
      origin,
      openPopup: async (query, viewport) => {
        const page = await openExtensionPage(
          browser,
          `${origin}/${POPUP_PATH}${query ? `?${query}` : ''}`,
          viewport ?? POPUP_VIEWPORT,
        );
        if (!viewport) {
          const width = await page.evaluate(bodyWidth);
          if (width < POPUP_VIEWPORT.width) await page.setViewport({ ...POPUP_VIEWPORT, width });
        }
        return page;
      },
      openPage: (pagePath, viewport) => openExtensionPage(browser, `${origin}/${pagePath}`, viewport),
      probe,
      // These callbacks run in the page: no references to anything in this module.
      send: async (command) =>
        (await probe()).evaluate(
          (message) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage(message),
          command,
        ),
      storage: async () =>
        (await probe()).evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.storage.local.get(null)),
      badge: async () =>
        (await probe()).evaluate(async () => {
          const { action } = (globalThis as unknown as ExtensionGlobal).browser;
          return {
            text: await action.getBadgeText({}),
            title: await action.getTitle({}),
            color: await action.getBadgeBackgroundColor({}),
          };
        }),
      notifications: async () =>
        (await probe()).evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.notifications.getAll()),
      recordNotifications: async () =>
        (await probe()).evaluate(async () => {
          const g = globalThis as unknown as RecordingGlobal;
          const { notifications, runtime } = g.browser;
          if (!g.__e2eNotifications) {
            g.__e2eNotifications = [];
            notifications.onClosed.addListener((id) =>
              g.__e2eNotifications?.push({ event: 'closed', id, at: Date.now() }),
            );
            notifications.onShown?.addListener((id) =>
              g.__e2eNotifications?.push({ event: 'shown', id, at: Date.now() }),
            );
          }
          const log = g.__e2eNotifications;
          // A restarted event page is a new window: wrap its API again.
          const background = (await runtime.getBackgroundPage()) as Window & ExtensionGlobal & { __e2eSpied?: boolean };
          if (background.__e2eSpied) return;
          background.__e2eSpied = true;
          const api = background.browser.notifications;
          const create = api.create.bind(api);
          // Assigned to a member, not declared: keepNames leaves such functions alone.
          const descriptor: PropertyDescriptor = { configurable: true, writable: true };
          descriptor.value = (id: string, options: NotificationOptions) => {
            log.push({
              event: 'create',
              id,
              at: Date.now(),
              type: options.type,
              title: options.title,
              message: options.message,
              iconUrl: options.iconUrl ?? null,
            });
            return create(id, options).then(
              (result) => {
                log.push({ event: 'created', id, at: Date.now() });
                return result;
              },
              (error: unknown) => {
                log.push({ event: 'error', id, at: Date.now(), error: String(error) });
                throw error;
              },
            );
          };
          Object.defineProperty(api, 'create', descriptor);
        }),
      notificationLog: async () =>
        (await probe()).evaluate(() => [...((globalThis as unknown as RecordingGlobal).__e2eNotifications ?? [])]),
      screenshot: async (page, name, shot = {}) => {
        const file = await resultPath(name);
        const viewport = page.viewport();
        if (!shot.fullPage || viewport === null) {
          await page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
          return file;
        }
        // Firefox's full-page capture paints beyond the viewport without rendering what
        // `content-visibility: auto` skipped there (job rows come out as empty cards). Grow the
        // viewport to the page instead, as Chromium's full-page capture does, and let it paint.
        const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
        await page.setViewport({ ...viewport, height: Math.max(viewport.height, height) });
        try {
          await page.evaluate(
            () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
          );
          await page.screenshot({ path: file });
        } finally {
          await page.setViewport(viewport);
        }
        return file;
      },
      close: async () => {
        await browser.close().catch(() => {});
      },
    };
    return api;
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}
