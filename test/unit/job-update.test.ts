import { describe, expect, it } from 'vitest';
import type { PollOutcome } from '../../src/core/classify';
import { JobSchema, MAX_HISTORY } from '../../src/core/job';
import { applyPollOutcome, isRetryable, recordProgress, retryJob } from '../../src/core/job-update';
import { T0, makeJob } from './fixtures';

const status = (over: Partial<Extract<PollOutcome, { type: 'status' }>>): PollOutcome => ({
  type: 'status',
  phase: 'running',
  rawStatus: 'inProgress',
  percent: 10,
  statusDescription: null,
  errorCode: null,
  resourceId: null,
  resourceUrl: null,
  ...over,
});

describe('applyPollOutcome', () => {
  it('records progress as change points and stays valid', () => {
    let job = makeJob();
    job = applyPollOutcome(job, status({ percent: 10 }), T0 + 1000).job;
    job = applyPollOutcome(job, status({ percent: 10 }), T0 + 2000).job;
    job = applyPollOutcome(job, status({ percent: 20 }), T0 + 3000).job;
    expect(job.history).toEqual([
      [T0 + 1000, 10],
      [T0 + 3000, 20],
    ]);
    expect(job).toMatchObject({ phase: 'running', percent: 20, lastCheckedAt: T0 + 3000, lastChangedAt: T0 + 3000 });
    expect(JobSchema.safeParse(job).success).toBe(true);
  });

  it('completion ends polling and reports a transition', () => {
    const { job, transition } = applyPollOutcome(
      makeJob({ phase: 'running', percent: 90 }),
      status({ phase: 'completed', percent: 100, resourceId: 'R', resourceUrl: 'https://a.sharepoint.com/i' }),
      T0 + 5000,
    );
    expect(transition).toEqual({ jobId: 'job-1', to: 'completed' });
    expect(job).toMatchObject({
      phase: 'completed',
      finishedAt: T0 + 5000,
      nextPollAt: null,
      resourceId: 'R',
      seen: true,
    });
  });

  it("an ended job keeps no progress samples: they only serve a running job's estimate", () => {
    let running = makeJob();
    for (const [at, percent] of [
      [1, 10],
      [2, 50],
      [3, 90],
    ] as const)
      running = applyPollOutcome(running, status({ percent }), T0 + at * 1000).job;
    expect(running.history).toHaveLength(3);
    const ends: PollOutcome[] = [
      status({ phase: 'completed', percent: 100 }),
      status({ phase: 'failed', percent: 90, errorCode: 'x' }),
      status({ phase: 'cancelled', percent: 90 }),
      { type: 'expired', reason: 'notFound' },
    ];
    for (const end of ends) {
      const { job } = applyPollOutcome(running, end, T0 + 5000);
      expect(job.history).toEqual([]);
      expect(JobSchema.safeParse(job).success).toBe(true);
    }
    // Trouble is not an end: the samples stay.
    expect(applyPollOutcome(running, { type: 'transient', kind: 'network' }, T0 + 5000).job.history).toHaveLength(3);
  });

  it('completion drops the running description (a 303 brings none of its own)', () => {
    const running = applyPollOutcome(
      makeJob(),
      status({ percent: 90, statusDescription: 'Completed 7/8 files' }),
      T0,
    ).job;
    expect(running.statusDescription).toBe('Completed 7/8 files');
    const done = applyPollOutcome(running, status({ phase: 'completed', percent: 100 }), T0 + 1).job;
    expect(done.statusDescription).toBeNull();
  });

  it('a failure keeps the reason and asks for attention', () => {
    const { job, transition } = applyPollOutcome(
      makeJob({ phase: 'running', percent: 56 }),
      status({ phase: 'failed', percent: 56, errorCode: 'AccessDenied_X', statusDescription: 'Completed 3/9 files' }),
      T0,
    );
    expect(transition?.to).toBe('failed');
    expect(job).toMatchObject({
      errorCode: 'AccessDenied_X',
      statusDescription: 'Completed 3/9 files',
      seen: false,
      percent: 56,
    });
  });

  it('expiry keeps the last known progress and asks for attention', () => {
    const { job, transition } = applyPollOutcome(
      makeJob({ phase: 'running', percent: 40 }),
      { type: 'expired', reason: 'notFound' },
      T0,
    );
    expect(transition?.to).toBe('expired');
    expect(job).toMatchObject({ phase: 'expired', percent: 40, seen: false, nextPollAt: null });
  });

  it('transient trouble and throttling leave the phase alone and count attempts', () => {
    const start = makeJob({ phase: 'running', percent: 30 });
    const once = applyPollOutcome(start, { type: 'transient', kind: 'network' }, T0 + 1).job;
    const twice = applyPollOutcome(once, { type: 'transient', kind: 'network' }, T0 + 2).job;
    expect(twice).toMatchObject({
      phase: 'running',
      percent: 30,
      problem: { kind: 'network', attempts: 2, since: T0 + 1 },
    });
    const throttled = applyPollOutcome(twice, { type: 'throttled', retryAfterMs: 5000 }, T0 + 3).job;
    expect(throttled.problem).toEqual({ kind: 'throttled', attempts: 1, since: T0 + 3 });
    const recovered = applyPollOutcome(throttled, status({ percent: 31 }), T0 + 4).job;
    expect(recovered.problem).toBeNull();
  });

  it('does nothing to a finished job (a late answer cannot resurrect it)', () => {
    const done = makeJob({ phase: 'completed', percent: 100 });
    expect(applyPollOutcome(done, status({ percent: 5 }), T0)).toEqual({ job: done, transition: null });
  });
});

describe('recordProgress', () => {
  it('bounds the history and restarts it when the count goes backwards', () => {
    let history: [number, number][] = [];
    for (let i = 0; i < MAX_HISTORY + 10; i++) history = recordProgress(history, i, T0 + i);
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history.at(-1)).toEqual([T0 + MAX_HISTORY + 9, MAX_HISTORY + 9]);
    expect(recordProgress(history, 3, T0 + 99)).toEqual([[T0 + 99, 3]]);
    expect(recordProgress(history, null, T0 + 99)).toBe(history);
  });
});

describe('retry', () => {
  it('brings an expired job back to polling now', () => {
    const expired = makeJob({ phase: 'expired', finishedAt: T0, nextPollAt: null, seen: false, percent: 40 });
    expect(isRetryable(expired)).toBe(true);
    expect(retryJob(expired, T0 + 10)).toMatchObject({
      phase: 'pending',
      nextPollAt: T0 + 10,
      finishedAt: null,
      seen: true,
      percent: 40,
    });
  });
  it('is offered only where it can help', () => {
    expect(isRetryable(makeJob({ phase: 'completed' }))).toBe(false);
    expect(isRetryable(makeJob({ phase: 'running' }))).toBe(false);
    expect(isRetryable(makeJob({ phase: 'running', problem: { kind: 'network', attempts: 3, since: T0 } }))).toBe(true);
    expect(isRetryable(makeJob({ phase: 'failed' }))).toBe(true);
  });
});
