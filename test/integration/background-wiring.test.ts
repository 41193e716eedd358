import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jobKey, type Job } from '../../src/core/job';
import { POPUP_PORT_NAME } from '../../src/core/messages';

/**
 * The real background entry (src/background/index.ts) on the fake browser: listeners are
 * wired, messages are checked for sender, a notification click leads to the job.
 */
const ORIGIN = 'chrome-extension://test-extension-id';
const POPUP = { id: 'test-extension-id', url: `${ORIGIN}/src/popup/popup.html` };
const MONITOR = 'https://api.onedrive.com/v1.0/monitor/WIRING-SECRET';

async function loadBackground(fetchImpl: typeof fetch) {
  vi.stubGlobal('fetch', vi.fn(fetchImpl));
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(
    (key: string, subs?: string | (string | number)[]) => `${key}:${[subs].flat().join('|')}`,
  );
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  vi.spyOn(fakeBrowser.runtime, 'getURL').mockImplementation((path: string) => `${ORIGIN}/${path.replace(/^\//, '')}`);
  const created: { id: string; options: unknown }[] = [];
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation((async (id: string, options: unknown) => {
    created.push({ id, options });
    return id;
  }) as never);
  // The fake has no in-memory onConnect; keep the listener to call it like the browser would.
  const connectListeners: ((port: unknown) => void)[] = [];
  vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation(((listener: (port: unknown) => void) => {
    connectListeners.push(listener);
  }) as never);
  vi.resetModules();
  await import('../../src/background/index');
  const connect = (port: unknown) => connectListeners.forEach((listener) => listener(port));
  return { created, connect };
}

async function send(message: unknown, sender: object = POPUP): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined);
  return answers[0];
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('background entry wiring', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
  });

  it('tracks from a popup message, polls with no credentials, completes and notifies', async () => {
    const { created } = await loadBackground(
      async () => new Response(JSON.stringify({ status: 'completed', resourceId: 'R' }), { status: 200 }),
    );
    expect(await send({ type: 'trackJob', url: MONITOR, name: 'Report' })).toMatchObject({ ok: true });
    await settle();
    const init = vi.mocked(fetch).mock.calls[0]?.[1];
    expect(vi.mocked(fetch).mock.calls[0]?.[0]).toBe(MONITOR);
    expect(init).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'follow' });
    expect(JSON.stringify(init?.headers ?? {})).not.toMatch(/authorization/i);
    const stored = Object.values(await fakeBrowser.storage.local.get(null)).find(
      (v) => (v as Job).monitorUrl === MONITOR,
    ) as Job;
    expect(stored).toMatchObject({ phase: 'completed', name: 'Report' });
    expect(created).toHaveLength(1);
    expect(created[0]?.options).toMatchObject({
      type: 'basic',
      title: 'notifyCompletedTitle:',
      message: 'notifyCompletedMessage:Report',
    });
    expect(JSON.stringify(created)).not.toContain('WIRING-SECRET');
  });

  it('refuses messages from web pages and malformed ones', async () => {
    await loadBackground(async () => new Response('{}'));
    expect(
      await send({ type: 'trackJob', url: MONITOR }, { id: 'test-extension-id', url: 'https://evil.example/' }),
    ).toEqual({
      ok: false,
      error: { code: 'forbiddenSender' },
    });
    expect(await send({ type: 'nope' })).toEqual({ ok: false, error: { code: 'badMessage' } });
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty(jobKey('x'));
  });

  it('a notification click opens the popup page on that job, even after a restart', async () => {
    await fakeBrowser.storage.local.set({
      'notification:copy-progress-1': { jobIds: ['job-7', 'job-8'], createdAt: Date.now() },
    });
    await loadBackground(async () => new Response('{}'));
    const opened = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger('copy-progress-1');
    await settle();
    expect(opened).toHaveBeenCalledWith({ url: `${ORIGIN}/src/popup/popup.html?job=job-7` });
    expect(await fakeBrowser.storage.local.get('notification:copy-progress-1')).toEqual({});
  });

  it("a finished copy's notification click opens the new item; without a found item, the popup page", async () => {
    const { makeJob } = await import('../unit/fixtures');
    const webUrl = 'https://contoso-my.sharepoint.com/personal/adele/Documents/Photos%20copy';
    await fakeBrowser.storage.local.set({
      [jobKey('job-1')]: makeJob({
        id: 'job-1',
        phase: 'completed',
        percent: 100,
        nextPollAt: null,
        finishedAt: Date.now(),
        result: { state: 'found', name: 'Photos copy', webUrl },
      }),
      [jobKey('job-2')]: makeJob({
        id: 'job-2',
        phase: 'completed',
        percent: 100,
        nextPollAt: null,
        finishedAt: Date.now(),
        result: { state: 'signedOut' },
      }),
      'notification:copy-progress-1': { jobIds: ['job-1'], createdAt: Date.now() },
      'notification:copy-progress-2': { jobIds: ['job-2'], createdAt: Date.now() },
    });
    await loadBackground(async () => new Response('{}'));
    const opened = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger('copy-progress-1');
    await settle();
    expect(opened).toHaveBeenLastCalledWith({ url: webUrl });
    await fakeBrowser.notifications.onClicked.trigger('copy-progress-2');
    await settle();
    expect(opened).toHaveBeenLastCalledWith({ url: `${ORIGIN}/src/popup/popup.html?job=job-2` });
  });

  it('keeps a click record when the system closes a notification, drops it when the user dismisses it', async () => {
    const record = { jobIds: ['job-7'], createdAt: Date.now() };
    await fakeBrowser.storage.local.set({ 'notification:copy-progress-3': record });
    await loadBackground(async () => new Response('{}'));
    await fakeBrowser.notifications.onClosed.trigger('copy-progress-3', false);
    await settle();
    expect(await fakeBrowser.storage.local.get('notification:copy-progress-3')).toEqual({
      'notification:copy-progress-3': record,
    });
    await fakeBrowser.notifications.onClosed.trigger('copy-progress-3', true);
    await settle();
    expect(await fakeBrowser.storage.local.get('notification:copy-progress-3')).toEqual({});
  });

  it('accepts the popup port only from our own pages', async () => {
    const { connect } = await loadBackground(async () => new Response('{}'));
    const disconnect = vi.fn();
    const port = (name: string, url: string) => ({
      name,
      sender: { id: 'test-extension-id', url },
      disconnect,
      onDisconnect: { addListener: vi.fn() },
    });
    connect(port(POPUP_PORT_NAME, 'https://evil.example/'));
    expect(disconnect).toHaveBeenCalledTimes(1);
    connect(port(POPUP_PORT_NAME, `${ORIGIN}/src/popup/popup.html`));
    connect(port('something-else', `${ORIGIN}/src/popup/popup.html`));
    expect(disconnect).toHaveBeenCalledTimes(2);
  });
});
