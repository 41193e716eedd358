import { describe, expect, it } from 'vitest';
import { SCHEDULE, nextPollAt, nextPollDelay, type ScheduleContext } from '../../src/core/schedule';
import { T0, makeJob } from './fixtures';

const ctx = (now: number, isPopupOpen = false): ScheduleContext => ({ now, isPopupOpen, random: () => 0.5 });

describe('nextPollDelay', () => {
  it('polls a fresh job soon, then backs off while nothing moves, within bounds', () => {
    const job = makeJob({ lastChangedAt: T0 });
    expect(nextPollDelay(job, ctx(T0))).toBe(SCHEDULE.idleMinDelayMs);
    expect(nextPollDelay(job, ctx(T0 + 20_000))).toBe(4_000);
    expect(nextPollDelay(job, ctx(T0 + 5 * 60_000))).toBe(SCHEDULE.idleMaxDelayMs);
    expect(nextPollDelay(job, ctx(T0 + 20 * 60_000))).toBe(SCHEDULE.longIdleMaxDelayMs);
    // A job stuck for hours (notStarted for days happens) relaxes further, but is still polled.
    expect(nextPollDelay(job, ctx(T0 + 3 * 60 * 60_000))).toBe(SCHEDULE.dormantMaxDelayMs);
  });

  it('approaches the estimated end: sparse while far, dense (down to 1 s) near it', () => {
    // 1 % every 6 s: 100 % at T0 + 600 s.
    const history: [number, number][] = [
      [T0, 0],
      [T0 + 60_000, 10],
    ];
    const job = makeJob({ phase: 'running', percent: 10, history, lastChangedAt: T0 + 60_000 });
    expect(nextPollDelay(job, ctx(T0 + 60_000))).toBe(SCHEDULE.maxEstimatedDelayMs);
    expect(nextPollDelay(job, ctx(T0 + 590_000))).toBe(3_000);
    expect(nextPollDelay(job, ctx(T0 + 599_000))).toBe(SCHEDULE.minDelayMs);
  });

  it('after an estimated end passes without completion, starts at 1 s and relaxes', () => {
    const history: [number, number][] = [
      [T0, 0],
      [T0 + 10_000, 50],
    ];
    const job = makeJob({ phase: 'running', percent: 50, history });
    expect(nextPollDelay(job, ctx(T0 + 21_000))).toBe(SCHEDULE.minDelayMs);
    expect(nextPollDelay(job, ctx(T0 + 80_000))).toBe(6_000);
    expect(nextPollDelay(job, ctx(T0 + 10 * 60_000))).toBe(SCHEDULE.overdueMaxDelayMs);
  });

  it('never exceeds 2 s while the popup is open, and never goes under 1 s', () => {
    const job = makeJob({ lastChangedAt: T0 });
    expect(nextPollDelay(job, ctx(T0 + 60 * 60_000, true))).toBe(SCHEDULE.popupMaxDelayMs);
    const near = makeJob({
      phase: 'running',
      history: [
        [T0, 0],
        [T0 + 1000, 99.9],
      ],
    });
    expect(nextPollDelay(near, ctx(T0 + 1000, true))).toBeGreaterThanOrEqual(SCHEDULE.minDelayMs);
  });

  it('backs off exponentially with jitter on transient trouble', () => {
    const at = (attempts: number, random: number) =>
      nextPollDelay(makeJob({ problem: { kind: 'network', attempts, since: T0 } }), {
        now: T0,
        isPopupOpen: false,
        random: () => random,
      });
    expect(at(1, 0.5)).toBe(2_000);
    expect(at(3, 0.5)).toBe(8_000);
    expect(at(3, 0)).toBe(6_000);
    expect(at(3, 0.999)).toBeLessThan(10_000);
    expect(at(20, 0.5)).toBe(SCHEDULE.backoffMaxDelayMs);
  });
});

describe('nextPollAt', () => {
  it('is null for finished jobs', () => {
    expect(nextPollAt(makeJob({ phase: 'completed' }), ctx(T0), undefined)).toBeNull();
    expect(nextPollAt(makeJob({ phase: 'expired' }), ctx(T0), undefined)).toBeNull();
  });
  it('comes back as soon as a throttled host opens again, not later', () => {
    const job = makeJob({ problem: { kind: 'throttled', attempts: 1, since: T0 } });
    expect(nextPollAt(job, ctx(T0), T0 + 2_128)).toBe(T0 + 2_128);
  });
  it('never falls inside the host Retry-After window', () => {
    const job = makeJob({ problem: { kind: 'throttled', attempts: 1, since: T0 } });
    expect(nextPollAt(job, ctx(T0, true), T0 + 315_000)).toBe(T0 + 315_000);
  });
  it('keeps one second between polls of a job', () => {
    const job = makeJob({
      lastCheckedAt: T0 + 500,
      history: [
        [T0, 0],
        [T0 + 500, 99.99],
      ],
      phase: 'running',
    });
    expect(nextPollAt(job, ctx(T0 + 500), undefined)).toBeGreaterThanOrEqual(T0 + 1500);
  });
});
