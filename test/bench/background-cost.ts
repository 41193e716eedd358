/** Part 4 (to be written): background cost with 500 active jobs against the simulator. */
export interface BackgroundCost {
  jobs: number;
  rounds: number;
  writesPerRound: number;
  peakInFlightPerHost: number;
  cpuPerRoundMs: { median: number; p95: number };
  requests: number;
}
export async function measureBackgroundCost(_root: string): Promise<BackgroundCost> {
  throw new Error('background cost: not written yet');
}
