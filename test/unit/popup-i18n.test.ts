import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clearMessageCache, t } from '../../src/popup/i18n';

describe('t (cached message lookup)', () => {
  let calls = 0;
  beforeEach(() => {
    clearMessageCache();
    calls = 0;
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string, subs?: string[]) => {
      calls++;
      const value = subs?.[0] ?? '';
      if (key === 'actionRemoveLabel') return `Remove ${value}`;
      if (key === 'progressLabel') return `${value}: progress of ${value}`;
      if (key === 'announceCleared') return 'Finished copies cleared';
      return '';
    }) as typeof fakeBrowser.i18n.getMessage);
  });

  it('gives the same text as the browser, asking it once per message', () => {
    expect(t('actionRemoveLabel', 'Report.docx')).toBe('Remove Report.docx');
    expect(t('actionRemoveLabel', ['Photos'])).toBe('Remove Photos');
    expect(t('announceCleared')).toBe('Finished copies cleared');
    expect(t('announceCleared')).toBe('Finished copies cleared');
    expect(calls).toBe(2);
  });

  it('fills a placeholder used twice, and inserts values literally ($ and markup included)', () => {
    expect(t('progressLabel', '$1 <b>')).toBe('$1 <b>: progress of $1 <b>');
  });

  it('shows the key when a message is missing', () => {
    expect(t('emptyTitle')).toBe('emptyTitle');
    expect(t('jobUnnamed', 'abc')).toBe('jobUnnamed');
  });
});
