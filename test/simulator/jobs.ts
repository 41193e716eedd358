import { newMonitorAddress, type MonitorAddress } from './monitor-urls';
import { resolveScenario, type ResolvedScenario, type Scenario } from './scenario';
import { stateAt, timelineOf, type JobState, type Timeline } from './timeline';

/** The simulator's jobs, findable by public id, by secret monitor key and by result item id. */

export interface SimJob {
  /** Public, non-secret id ("j1", "j2", ...): the only thing log lines name. */
  id: string;
  scenario: ResolvedScenario;
  address: MonitorAddress;
  createdAt: number;
  /** Until when the last throttled answer told the client to stay away. */
  retryAt: number | null;
}

/** What `createJob` hands back. `monitorUrl` is a secret in the real world: do not print it. */
export interface CreatedJob {
  id: string;
  monitorUrl: string;
  /** Host name in the monitor URL. */
  host: string;
  /** The id of the item the copy produces (`resourceId` in the completed body). */
  resourceId: string;
  /** Path of that item on the same host (the redirect target). */
  itemPath: string;
  /** Milliseconds after creation: when it starts, ends, and stops being known. */
  timeline: Timeline;
}

export class JobRegistry {
  private readonly byId = new Map<string, SimJob>();
  private readonly byKey = new Map<string, SimJob>();
  private readonly byItem = new Map<string, SimJob>();
  private next = 1;

  constructor(private readonly now: () => number) {}

  create(input: Scenario = {}): CreatedJob {
    const scenario = resolveScenario(input);
    const job: SimJob = {
      id: `j${this.next++}`,
      scenario,
      address: newMonitorAddress(scenario.host, scenario.tenant),
      createdAt: this.now(),
      retryAt: null,
    };
    this.byId.set(job.id, job);
    this.byKey.set(job.address.key, job);
    this.byItem.set(job.address.itemId, job);
    return {
      id: job.id,
      monitorUrl: job.address.monitorUrl,
      host: job.address.hostName,
      resourceId: job.address.itemId,
      itemPath: job.address.itemPath,
      timeline: timelineOf(scenario),
    };
  }

  get(id: string): SimJob | undefined {
    return this.byId.get(id);
  }

  byMonitorKey(key: string): SimJob | undefined {
    return this.byKey.get(key);
  }

  byItemId(itemId: string): SimJob | undefined {
    return this.byItem.get(itemId);
  }

  all(): SimJob[] {
    return [...this.byId.values()];
  }

  timelineOf(job: SimJob): Timeline {
    return timelineOf(job.scenario);
  }

  /** What the job is doing now (or at `at`, epoch ms). */
  stateOf(job: SimJob, at = this.now()): JobState {
    return stateAt(job.scenario, at - job.createdAt);
  }
}
