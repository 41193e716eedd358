import type { Scenario } from '../simulator/scenario';

/** The copies the demo starts: one of each interesting kind, finishing within about 25 s. */

export interface DemoJob {
  /** Typed into the popup's Name field; also how the demo finds the stored record again. */
  name: string;
  scenario: Scenario;
  /** The phase the extension should end up showing. */
  expect: 'completed' | 'failed' | 'expired';
}

export const DEMO_JOBS: DemoJob[] = [
  {
    name: 'Quarterly reports',
    scenario: { label: 'linear graph', host: 'graph', durationMs: 20_000, startDelayMs: 2_000 },
    expect: 'completed',
  },
  {
    name: 'Design assets',
    scenario: {
      label: 'business steps',
      host: 'business',
      progress: 'steps',
      steps: [0, 25, 50, 75],
      durationMs: 16_000,
    },
    expect: 'completed',
  },
  {
    name: 'Holiday photos',
    scenario: { label: 'personal 303', host: 'personal', durationMs: 10_000, completion: 'redirect303' },
    expect: 'completed',
  },
  {
    name: 'Archive 2019',
    scenario: { label: 'fails at 45%', host: 'sharepoint', durationMs: 20_000, outcome: 'fail', failAtPercent: 45 },
    expect: 'failed',
  },
  {
    name: 'Old export',
    scenario: { label: 'expires', host: 'sharepoint', durationMs: 30_000, outcome: 'expire', expireAfterMs: 12_000 },
    expect: 'expired',
  },
];
