import { describe, expect, it } from 'vitest';
import {
  FINISHING_MS,
  formatCount,
  formatDuration,
  formatPercent,
  formatTimeAgo,
  resolveLocale,
} from '../../src/core/format';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('resolveLocale', () => {
  it('accepts browser tags and falls back to English', () => {
    expect(resolveLocale('pt-BR')).toBe('pt-BR');
    expect(resolveLocale('pt_BR')).toBe('pt-BR');
    expect(resolveLocale('')).toBe('en');
    expect(resolveLocale('not a locale!')).toBe('en');
  });
});

describe('formatPercent', () => {
  it('shows whole percents in en and pt-BR', () => {
    expect(formatPercent(42.7, 'en-US')).toBe('42%');
    expect(formatPercent(42.7, 'pt-BR')).toBe('42%');
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatPercent(100, 'pt-BR')).toBe('100%');
  });
  it('never says 100 % before the end, and clamps nonsense', () => {
    expect(formatPercent(99.9, 'en')).toBe('99%');
    expect(formatPercent(140, 'en')).toBe('100%');
    expect(formatPercent(-3, 'en')).toBe('0%');
  });
});

describe('formatCount', () => {
  it('groups digits the local way', () => {
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount(1234, 'pt-BR')).toBe('1.234');
  });
});

describe('formatDuration', () => {
  it('rounds short waits up to 5 s steps', () => {
    expect(formatDuration(1 * S, 'en')).toBe('5 sec');
    expect(formatDuration(42 * S, 'en')).toBe('45 sec');
    expect(formatDuration(42 * S, 'pt-BR')).toBe('45 s');
  });
  it('uses minutes under an hour', () => {
    expect(formatDuration(58 * S, 'en')).toBe('1 min');
    expect(formatDuration(3 * M + 10 * S, 'en')).toBe('3 min');
    expect(formatDuration(3 * M + 10 * S, 'pt-BR')).toBe('3 min');
    expect(formatDuration(59 * M + 20 * S, 'en')).toBe('59 min');
  });
  it('uses hours and minutes under a day', () => {
    expect(formatDuration(59 * M + 40 * S, 'en')).toBe('1 hr');
    expect(formatDuration(H + 20 * M, 'en')).toBe('1 hr 20 min');
    expect(formatDuration(H + 20 * M, 'pt-BR')).toBe('1 h 20 min');
    expect(formatDuration(5 * H, 'pt-BR')).toBe('5 h');
  });
  it('uses days and hours beyond', () => {
    expect(formatDuration(2 * D + 4 * H + 10 * M, 'en')).toBe('2 days 4 hr');
    expect(formatDuration(2 * D + 4 * H, 'pt-BR')).toBe('2 dias 4 h');
    expect(formatDuration(D, 'en')).toBe('1 day');
  });
  it('copes with garbage', () => {
    expect(formatDuration(Number.NaN, 'en')).toBe('5 sec');
    expect(formatDuration(-5, 'en')).toBe('5 sec');
  });
  it('has a finishing threshold of a few seconds', () => {
    expect(FINISHING_MS).toBe(5_000);
  });
});

describe('formatTimeAgo', () => {
  it('says how long ago in en', () => {
    expect(formatTimeAgo(5 * S + 400, 'en')).toBe('5 sec. ago');
    expect(formatTimeAgo(3 * M + 59 * S, 'en')).toBe('3 min. ago');
    expect(formatTimeAgo(2 * H, 'en')).toBe('2 hr. ago');
    expect(formatTimeAgo(D + H, 'en')).toBe('yesterday');
    expect(formatTimeAgo(3 * D, 'en')).toBe('3 days ago');
  });
  it('says how long ago in pt-BR', () => {
    expect(formatTimeAgo(5 * S, 'pt-BR')).toBe('há 5 seg.');
    expect(formatTimeAgo(3 * M, 'pt-BR')).toBe('há 3 min.');
    expect(formatTimeAgo(2 * H, 'pt-BR')).toBe('há 2 h');
    expect(formatTimeAgo(D, 'pt-BR')).toBe('ontem');
  });
  it('treats a clock that went backwards as now', () => {
    expect(formatTimeAgo(-10 * S, 'en')).toBe('now');
    expect(formatTimeAgo(-10 * S, 'pt-BR')).toBe('agora');
  });
});
