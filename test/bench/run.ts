import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureBackgroundCost } from './background-cost';
import { latencyVersusRequestsSvg } from './chart';
import { runPollingEconomy, type PolicySummary } from './polling-economy';
import { measurePopupSpeed } from './popup-speed';
import { measureWeight } from './weight';

/**
 * `npm run bench`: the four measurements of issue #4, printed as tables and written to
 * bench-results/bench.json and bench-results/latency-vs-requests.svg. Needs a fresh build
 * (the npm script builds first) and Chromium for parts 2 and 4.
 */
const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'bench-results');
const only = new Set(process.argv.slice(2));
const wants = (part: string): boolean => only.size === 0 || only.has(part);
const s = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '-');
const optionalMs = (ms: number | null): string => (ms === null ? '-' : `${ms.toFixed(1)} ms`);
const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

if (wants('polling')) {
  const started = performance.now();
  const economy = await runPollingEconomy();
  results['polling'] = economy;
  console.log(
    `\n1. Polling economy: ${economy.corpusSize} seeded traces on a virtual clock (${s(performance.now() - started)} to run)\n`,
  );
  const row = (p: PolicySummary): string[] => [
    p.policy,
    String(p.requestsPerJob),
    `${(p.requestShareVsFixed1sOnLongJobs * 100).toFixed(1)} %`,
    s(p.detection.medianMs),
    s(p.detection.p95Ms),
    s(p.detection.maxMs),
    `${s(p.detectionPredictable.medianMs)} / ${s(p.detectionPredictable.p95Ms)}`,
    `${s(p.detectionUnpredictable.medianMs)} / ${s(p.detectionUnpredictable.p95Ms)}`,
    String(p.retryAfterViolations),
  ];
  printTable(
    [
      'policy',
      'req/job',
      'req vs 1 s (>2 min jobs)',
      'median',
      'p95',
      'max',
      'predictable med/p95',
      'no-warning med/p95',
      'Retry-After breaches',
    ],
    [...economy.summaries, ...economy.sweep].map(row),
  );
  const ours = economy.summaries.find((p) => p.policy === 'ours, popup closed');
  if (ours !== undefined) {
    console.log('\nTargets, ours with the popup closed:');
    console.log(
      `  median detection <= 1.5 s: ${s(ours.detection.medianMs)} ${verdict(ours.detection.medianMs <= 1500)}`,
    );
    console.log(
      `  p95 detection <= 5 s: ${s(ours.detection.p95Ms)} ${verdict(ours.detection.p95Ms <= 5000)} (predictable ends: ${s(ours.detectionPredictable.p95Ms)}; ends without warning: ${s(ours.detectionUnpredictable.p95Ms)})`,
    );
    console.log(
      `  requests <= 10 % of fixed 1 s on jobs > 2 min: ${(ours.requestShareVsFixed1sOnLongJobs * 100).toFixed(1)} % ${verdict(ours.requestShareVsFixed1sOnLongJobs <= 0.1)}`,
    );
    console.log(
      `  no request inside a Retry-After window: ${ours.retryAfterViolations} ${verdict(ours.retryAfterViolations === 0)}`,
    );
    console.log('\n  By kind of job (ours, popup closed): median / p95 detection, requests per job');
    for (const [kind, stats] of Object.entries(ours.byKind)) {
      console.log(
        `    ${kind.padEnd(10)} ${s(stats.medianMs).padStart(8)} / ${s(stats.p95Ms).padStart(8)}   ${stats.requestsPerJob} req`,
      );
    }
  }
  mkdirSync(out, { recursive: true });
  const chartPoints = economy.summaries.concat(economy.sweep);
  writeFileSync(path.join(out, 'latency-vs-requests.svg'), latencyVersusRequestsSvg(chartPoints));
}

if (wants('popup')) {
  console.log('\n2. Popup speed in real headless Chromium\n');
  const speed = await measurePopupSpeed(root);
  results['popup'] = speed;
  printTable(
    ['jobs', 'open to list drawn (median of runs)', 'runs', 'one-job update', 'rows replaced by a one-job update'],
    speed.runs.map((r) => [
      String(r.jobs),
      `${r.drawnMs.toFixed(1)} ms`,
      String(r.samples),
      `${r.updateMs.toFixed(2)} ms`,
      String(r.rowsReplacedOnUpdate),
    ]),
  );
  for (const [jobs, limit] of [
    [200, 50],
    [1000, 150],
  ] as const) {
    const r = speed.runs.find((run) => run.jobs === jobs);
    if (r !== undefined)
      console.log(`  ${jobs} jobs drawn within ${limit} ms: ${r.drawnMs.toFixed(1)} ms ${verdict(r.drawnMs <= limit)}`);
  }
  const worstUpdate = Math.max(...speed.runs.map((r) => r.updateMs));
  console.log(`  one update within 5 ms: ${worstUpdate.toFixed(2)} ms ${verdict(worstUpdate <= 5)}`);
  console.log(
    `  no full redraw for a one-job change: ${verdict(speed.runs.every((r) => r.rowsReplacedOnUpdate === 0))}`,
  );
  console.log('\n  What a page costs before the popup does its own work (ms since navigation start, medians):\n');
  printTable(
    ['page', 'DOM interactive', 'DOMContentLoaded', 'first paint'],
    speed.floor.map((f) => [
      f.page,
      `${f.domInteractiveMs.toFixed(1)} ms`,
      `${f.domContentLoadedMs.toFixed(1)} ms`,
      `${f.firstPaintMs.toFixed(1)} ms`,
    ]),
  );
  console.log('\n  Where the time goes (medians):\n');
  printTable(
    [
      'jobs',
      'rows in the DOM',
      'list height',
      'DOMContentLoaded',
      'storage asked at',
      'storage read',
      'records checked, rows built',
      'render',
      'drawn',
    ],
    speed.runs.map((r) => [
      String(r.jobs),
      String(r.rowsDrawn),
      `${Math.round(r.listHeightPx)} px`,
      `${r.breakdown.domContentLoadedMs.toFixed(1)} ms`,
      optionalMs(r.breakdown.storageGetCalledMs),
      optionalMs(r.breakdown.storageReadMs),
      optionalMs(r.breakdown.buildRowsMs),
      `${r.breakdown.renderMs.toFixed(1)} ms`,
      `${r.drawnMs.toFixed(1)} ms`,
    ]),
  );
}

if (wants('weight')) {
  console.log('\n3. Weight of the builds\n');
  const weight = measureWeight(root);
  results['weight'] = weight;
  printTable(
    ['browser', 'file', 'raw', 'gzip'],
    weight.files.map((f) => [
      f.browser,
      f.file,
      `${(f.rawBytes / 1024).toFixed(1)} KB`,
      `${(f.gzipBytes / 1024).toFixed(1)} KB`,
    ]),
  );
  for (const [browser, bytes] of Object.entries(weight.popupJsGzipBytes)) {
    const atOpen = weight.popupJsAtOpenGzipBytes[browser] ?? 0;
    console.log(
      `  popup JavaScript (${browser}) <= 25 KB gzip: ${(bytes / 1024).toFixed(1)} KB in all, ` +
        `${(atOpen / 1024).toFixed(1)} KB at open, the rest on the first "New copy" ${verdict(bytes <= 25 * 1024)}`,
    );
  }
  console.log(`  MSAL absent from the popup: ${verdict(!weight.msalInPopup)}`);
}

if (wants('background')) {
  console.log('\n4. Background cost: 500 active jobs against the simulator, real headless Chromium\n');
  const cost = await measureBackgroundCost(root);
  results['background'] = cost;
  printTable(
    [
      'jobs',
      'polls',
      'storage writes',
      'polls per write',
      'peak requests in flight per host',
      'CPU per round (median / p95)',
      'worker CPU share',
    ],
    [
      [
        String(cost.jobs),
        String(cost.requests),
        String(cost.pollingWrites),
        cost.requestsPerWrite.toFixed(1),
        String(cost.peakInFlightPerHost),
        `${cost.cpuPerRoundMs.median.toFixed(1)} / ${cost.cpuPerRoundMs.p95.toFixed(1)} ms`,
        `${(cost.cpuShare * 100).toFixed(1)} % of a core`,
      ],
    ],
  );
  // Rounds overlap once answers come back at different times (a new round starts for jobs due
  // while others are in flight), so rounds are judged where they can be told apart: the rounds
  // in which (nearly) every job was due at once.
  const full = cost.roundsDetail.filter((round) => round.requests >= cost.jobs * 0.8);
  for (const round of full) {
    console.log(
      `  round of ${round.requests} polls starting at ${(round.startMs / 1000).toFixed(1)} s: ${round.writes} storage write(s), ${(round.durationMs / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    `  one batched write per round, not one per job: ${verdict(full.length > 0 && full.every((round) => round.writes === 1))} (${cost.requestsPerWrite.toFixed(1)} polls per write over ${(cost.windowMs / 1000).toFixed(0)} s)`,
  );
  console.log(`  at most 4 requests in flight per host: ${verdict(cost.peakInFlightPerHost <= 4)}`);
}

mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\nWrote ${path.relative(root, path.join(out, 'bench.json'))} and ${path.relative(root, path.join(out, 'latency-vs-requests.svg'))}`,
);

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}
