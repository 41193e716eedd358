import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, vi } from 'vitest';

// The real polyfill throws outside an extension; the fake implements storage, alarms,
// notifications, action, runtime and tabs in memory.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

beforeEach(() => {
  fakeBrowser.reset();
});
