import { describe, expect, it, vi } from 'vitest';
import { createMessageRouter } from '../../src/background/message-router';
import { ok } from '../../src/core/messages';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;

describe('message router', () => {
  const run = vi.fn(async () => ok('done'));
  const route = createMessageRouter({ extensionId: ID, extensionOrigin: ORIGIN, run });

  it('runs a valid command from our own page', async () => {
    await expect(
      route({ type: 'removeJob', id: 'x' }, { id: ID, url: `${ORIGIN}/src/popup/popup.html` }),
    ).resolves.toEqual(ok('done'));
    expect(run).toHaveBeenCalledWith({ type: 'removeJob', id: 'x' });
  });
  it.each([
    ['another extension', { id: 'zzz', url: 'chrome-extension://zzz/p.html' }],
    ['a content script in a web page', { id: ID, url: 'https://contoso.sharepoint.com/' }],
    ['no sender url', { id: ID }],
  ])('refuses %s', async (_label, sender) => {
    run.mockClear();
    await expect(route({ type: 'clearFinished' }, sender)).resolves.toEqual({
      ok: false,
      error: { code: 'forbiddenSender' },
    });
    expect(run).not.toHaveBeenCalled();
  });
  it.each([
    null,
    'trackJob',
    { type: 'deleteEverything' },
    { type: 'trackJob' },
    { type: 'trackJob', url: 'x'.repeat(5000) },
    { type: 'removeJob', id: '' },
  ])('refuses the malformed message %j', async (message) => {
    await expect(route(message, { id: ID, url: `${ORIGIN}/x.html` })).resolves.toEqual({
      ok: false,
      error: { code: 'badMessage' },
    });
  });
  it('turns a thrown error into a code without leaking it', async () => {
    const failing = createMessageRouter({
      extensionId: ID,
      extensionOrigin: ORIGIN,
      run: async () => {
        throw new Error('https://api.onedrive.com/v1.0/monitor/SECRET');
      },
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(failing({ type: 'pollNow' }, { id: ID, url: `${ORIGIN}/x.html` })).resolves.toEqual({
      ok: false,
      error: { code: 'internal' },
    });
    expect(JSON.stringify(spy.mock.calls)).not.toContain('SECRET');
    spy.mockRestore();
  });
});
