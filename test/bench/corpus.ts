import type { Scenario } from '../simulator/scenario';

/**
 * A fixed, seeded corpus of copy-job traces following monitor-api.md: linear jobs from 10 s to
 * 2 h, jobs whose percentage moves in steps or only jumps 0 -> 100, jobs stuck in notStarted or
 * waiting before they run, stalls, throttling with Retry-After (seconds, fractional, dates),
 * failures and expiry. The simulator's own scenario model gives each trace its answers, so the
 * benchmark and the end-to-end tests speak to the same fake service.
 */

export interface Trace {
  id: string;
  kind: TraceKind;
  scenario: Scenario;
}

export type TraceKind = 'linear' | 'steps' | 'jump' | 'delayed' | 'stall' | 'throttled' | 'fail' | 'expire';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const S = 1000;
const MIN = 60 * S;

export function buildCorpus(seed = 20261128): Trace[] {
  const random = seededRandom(seed);
  const logUniform = (min: number, max: number): number =>
    Math.round(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const host = (): Scenario['host'] => pick(['personal', 'sharepoint', 'business', 'graph'] as const);
  const completion = (): Scenario['completion'] => pick(['redirect303', 'json303', 'json200', 'json202'] as const);
  const traces: Trace[] = [];
  const add = (kind: TraceKind, count: number, make: () => Scenario): void => {
    for (let i = 0; i < count; i++) traces.push({ id: `${kind}-${i}`, kind, scenario: make() });
  };

  add('linear', 60, () => ({ host: host(), durationMs: logUniform(10 * S, 2 * 60 * MIN), completion: completion() }));
  add('steps', 20, () => {
    const count = 2 + Math.floor(random() * 8);
    return {
      host: host(),
      durationMs: logUniform(30 * S, 60 * MIN),
      progress: 'steps',
      steps: Array.from({ length: count }, (_, i) => Math.round((100 * i) / count)),
      completion: completion(),
    };
  });
  add('jump', 15, () => ({
    host: host(),
    durationMs: logUniform(10 * S, 30 * MIN),
    progress: 'jump',
    completion: completion(),
  }));
  add('delayed', 15, () => ({
    host: host(),
    startDelayMs: logUniform(30 * S, 20 * MIN),
    pendingStatus: pick(['notStarted', 'waiting'] as const),
    durationMs: logUniform(1 * MIN, 20 * MIN),
    completion: completion(),
  }));
  add('stall', 10, () => {
    const durationMs = logUniform(2 * MIN, 30 * MIN);
    const from = Math.round(durationMs * (0.2 + random() * 0.5));
    return {
      host: host(),
      durationMs,
      stalls: [{ fromMs: from, toMs: from + logUniform(30 * S, 5 * MIN) }],
      completion: completion(),
    };
  });
  add('throttled', 10, () => {
    const durationMs = logUniform(2 * MIN, 30 * MIN);
    const from = Math.round(durationMs * random() * 0.8);
    const format = pick(['seconds', 'seconds', 'date'] as const);
    // Microsoft's own sample says 2.128 s; a real capture said 315 s.
    const retryAfterS = pick([2.128, 10, 30, 120, 315]);
    return {
      host: host(),
      durationMs,
      throttle: [
        {
          fromMs: from,
          toMs: from + logUniform(5 * S, 6 * MIN),
          retryAfterS: format === 'date' ? Math.ceil(retryAfterS) : retryAfterS,
          retryAfterFormat: format,
        },
      ],
      completion: completion(),
    };
  });
  add('fail', 10, () => ({
    host: host(),
    durationMs: logUniform(1 * MIN, 60 * MIN),
    outcome: 'fail',
    failAtPercent: Math.round(5 + random() * 90),
  }));
  add('expire', 10, () => {
    const durationMs = logUniform(1 * MIN, 60 * MIN);
    return {
      host: host(),
      durationMs,
      outcome: pick(['expire', 'operationNotFound'] as const),
      expireAfterMs: Math.round(durationMs * (0.2 + random() * 0.6)),
    };
  });
  return traces;
}
