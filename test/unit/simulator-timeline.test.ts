import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../simulator/scenario';
import { runTimeAt, stateAt, timelineOf } from '../simulator/timeline';

// The simulator's pure time arithmetic; the server tests then only need a few real-time checks.

describe('simulator timeline', () => {
  it('waits, then runs linearly with Graph doubles, then completes', () => {
    const s = resolveScenario({ durationMs: 1000, startDelayMs: 500, pendingStatus: 'waiting' });
    expect(stateAt(s, 0)).toEqual({ kind: 'pending', word: 'waiting' });
    expect(stateAt(s, 500 + 333)).toEqual({ kind: 'running', percent: 33.3 });
    expect(stateAt(s, 1499)).toEqual({ kind: 'running', percent: 99 });
    expect(stateAt(s, 1500)).toEqual({ kind: 'completed' });
    expect(timelineOf(s)).toEqual({ startsAtMs: 500, endsAtMs: 1500, goneAtMs: null });
  });

  it('reports integers in the SharePoint vocabulary, steps and jumps', () => {
    const sp = resolveScenario({ durationMs: 1000, vocabulary: 'sharepoint' });
    expect(stateAt(sp, 337)).toEqual({ kind: 'running', percent: 33 });
    const steps = resolveScenario({ durationMs: 1000, progress: 'steps' });
    expect([100, 300, 600, 800].map((t) => stateAt(steps, t))).toEqual(
      [0, 25, 50, 75].map((percent) => ({ kind: 'running', percent })),
    );
    const jump = resolveScenario({ durationMs: 1000, progress: 'jump' });
    expect(stateAt(jump, 999)).toEqual({ kind: 'running', percent: 0 });
    expect(stateAt(jump, 1000)).toEqual({ kind: 'completed' });
  });

  it('freezes progress in stall windows and pushes the end back', () => {
    const s = resolveScenario({ durationMs: 1000, stalls: [{ fromMs: 200, toMs: 700 }] });
    expect(runTimeAt(s, 600)).toBe(200);
    expect(stateAt(s, 650)).toEqual({ kind: 'running', percent: 20 });
    expect(timelineOf(s).endsAtMs).toBe(1500);
    const forever = resolveScenario({ durationMs: 1000, stalls: [{ fromMs: 100 }] });
    expect(timelineOf(forever).endsAtMs).toBeNull();
    expect(stateAt(forever, 1e9)).toEqual({ kind: 'running', percent: 10 });
  });

  it('fails or is cancelled at the given percent', () => {
    const fail = resolveScenario({ durationMs: 1000, outcome: 'fail', failAtPercent: 56 });
    expect(timelineOf(fail).endsAtMs).toBe(560);
    expect(stateAt(fail, 559)).toMatchObject({ kind: 'running' });
    expect(stateAt(fail, 560)).toEqual({ kind: 'failed', percent: 56 });
    const cancel = resolveScenario({ durationMs: 1000, outcome: 'cancel', failAtPercent: 10 });
    expect(stateAt(cancel, 5000)).toEqual({ kind: 'cancelled', percent: 10 });
  });

  it('expires without ever showing completed', () => {
    const s = resolveScenario({ durationMs: 1000, outcome: 'expire', expireAfterMs: 3000 });
    expect(stateAt(s, 2999)).toEqual({ kind: 'running', percent: 99 });
    expect(stateAt(s, 3000)).toEqual({ kind: 'gone', how: 'notFound' });
    const opnf = resolveScenario({ durationMs: 1000, outcome: 'operationNotFound' });
    expect(stateAt(opnf, 500)).toEqual({ kind: 'gone', how: 'operationNotFound' });
    const aged = resolveScenario({ durationMs: 1000, goneAfterEndMs: 100 });
    expect(stateAt(aged, 1050)).toEqual({ kind: 'completed' });
    expect(stateAt(aged, 1100)).toEqual({ kind: 'gone', how: 'notFound' });
  });

  it('picks host-appropriate defaults and rejects unknown options', () => {
    expect(resolveScenario({ host: 'business' })).toMatchObject({
      vocabulary: 'sharepoint',
      runningHttpStatus: 200,
      completion: 'json200',
    });
    expect(resolveScenario({})).toMatchObject({ host: 'sharepoint', vocabulary: 'graph', runningHttpStatus: 202 });
    expect(() => resolveScenario({ duration: 5 } as never)).toThrow();
  });
});
