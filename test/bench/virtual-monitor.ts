import type { MonitorResponse } from '../../src/core/classify';
import { newMonitorAddress, type MonitorAddress } from '../simulator/monitor-urls';
import { monitorAnswer } from '../simulator/responses';
import { resolveScenario, type ResolvedScenario, type Scenario } from '../simulator/scenario';
import { stateAt, timelineOf } from '../simulator/timeline';

/**
 * One simulated job on a virtual clock: what its monitor answers at a given time, as the
 * browser's fetch would hand it over (a 303 with a Location is followed to the item, which
 * answers 401 because no credentials are sent). Also keeps the Retry-After promises it made,
 * to count requests that broke them.
 */
export function createVirtualMonitor(input: Scenario, createdAt: number) {
  const scenario: ResolvedScenario = resolveScenario(input);
  const address: MonitorAddress = newMonitorAddress(scenario.host, scenario.tenant);
  const line = timelineOf(scenario);
  let retryAt: number | null = null;
  let violations = 0;
  let requests = 0;

  return {
    monitorUrl: address.monitorUrl,
    /** When the final state becomes visible (end of the copy, or the link going away). */
    visibleEndAt: createdAt + (line.endsAtMs ?? line.goneAtMs ?? Infinity),
    answer(now: number): MonitorResponse {
      requests++;
      if (retryAt !== null && now < retryAt) violations++;
      const t = now - createdAt;
      const sim = monitorAnswer(
        { scenario, address, now, createdAt, requestHost: address.hostName },
        stateAt(scenario, t),
        t,
      );
      if (sim.retryAt !== null) retryAt = Math.max(retryAt ?? 0, sim.retryAt);
      if (sim.status === 303 && sim.headers['location'] !== undefined) {
        return {
          kind: 'http',
          status: 401,
          redirected: true,
          url: sim.headers['location'],
          retryAfter: null,
          body: '{"error":{"code":"unauthenticated"}}',
        };
      }
      return {
        kind: 'http',
        status: sim.status,
        redirected: false,
        url: address.monitorUrl,
        retryAfter: sim.headers['retry-after'] ?? null,
        body: sim.body,
      };
    },
    /** Whether an answer shows the job's end (not a throttle reply). */
    isThrottle: (response: MonitorResponse): boolean =>
      response.kind === 'http' && (response.status === 429 || response.status === 503),
    stats: () => ({ requests, violations }),
    /**
     * When a client that honours Retry-After could first see the end: the end itself, or later
     * if the service had told it to stay away until after that (a 429 shortly before the end with
     * "Retry-After: 315"). Delays are measured from here, so obeying the service is not counted
     * against a policy.
     */
    observableEndAt(): number {
      const end = createdAt + (line.endsAtMs ?? line.goneAtMs ?? Infinity);
      return Math.max(end, retryAt ?? 0);
    },
  };
}
export type VirtualMonitor = ReturnType<typeof createVirtualMonitor>;
