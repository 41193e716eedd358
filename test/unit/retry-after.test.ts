import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/core/retry-after';

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['7', 7000],
    ['0', 0],
    ['2.128', 2128],
    [' 315 ', 315_000],
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    [new Date(NOW - 90_000).toUTCString(), 0],
    ['999999', MAX_RETRY_AFTER_MS],
  ])('%j -> %i ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
  it.each([null, undefined, '', 'soon', '-5', '1e3'])('%j is unreadable', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});
