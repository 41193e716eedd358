import { JobSchema, jobKey, type Job } from '../core/job';
import { HOST_GATES_KEY, QUARANTINE_KEY_PREFIX, readStoredState, type HostGates } from '../core/stored-jobs';

/** The part of `storage.local` the store uses (webextension-polyfill's StorageArea fits). */
export interface StorageArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Snapshot {
  readonly jobs: ReadonlyMap<string, Job>;
  readonly hostGates: Readonly<HostGates>;
}

/** A working copy handed to a transaction: replace or delete entries, never mutate a Job. */
export interface Draft {
  jobs: Map<string, Job>;
  hostGates: HostGates;
}

/**
 * The background's single writer of job state. Every change goes read -> pure change ->
 * validate -> one `storage.local.set` (plus one `remove`), serialised, because popup commands
 * and polling rounds race. The background is the only writer, so the copy it loaded at
 * start stays true for its lifetime; a killed worker simply loads it again.
 */
export function createJobStore(options: {
  area: StorageArea;
  now: () => number;
  onSetAside?: (count: number) => void;
}) {
  const { area, now } = options;
  let current: Snapshot | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let writes = 0;

  async function load(): Promise<Snapshot> {
    if (current !== null) return current;
    const all = await area.get(null);
    const state = readStoredState(all, now());
    const fixes: Record<string, unknown> = {};
    for (const job of state.repaired) fixes[jobKey(job.id)] = job;
    // A corrupt record is set aside under quarantine:<key>, never deleted outright and never
    // allowed to stop the other jobs from loading.
    for (const bad of state.quarantined)
      fixes[`${QUARANTINE_KEY_PREFIX}${bad.key}`] = { raw: bad.raw, reason: bad.reason, at: bad.at };
    if (Object.keys(fixes).length > 0) {
      await area.set(fixes);
      if (state.quarantined.length > 0) {
        await area.remove(state.quarantined.map((bad) => bad.key));
        options.onSetAside?.(state.quarantined.length);
      }
    }
    current = { jobs: state.jobs, hostGates: state.hostGates };
    return current;
  }

  async function commit<T>(change: (draft: Draft) => T): Promise<T> {
    const before = await load();
    const draft: Draft = { jobs: new Map(before.jobs), hostGates: { ...before.hostGates } };
    const result = change(draft);
    const upserts: Record<string, unknown> = {};
    const removals: string[] = [];
    for (const [id, job] of draft.jobs) {
      if (before.jobs.get(id) === job) continue;
      if (!JobSchema.safeParse(job).success) {
        // A bug produced an invalid record: keep the last good one rather than store garbage.
        console.error('Copy Progress: refused to store an invalid job record', job.shortId);
        const previous = before.jobs.get(id);
        if (previous === undefined) draft.jobs.delete(id);
        else draft.jobs.set(id, previous);
        continue;
      }
      upserts[jobKey(id)] = job;
    }
    for (const id of before.jobs.keys()) if (!draft.jobs.has(id)) removals.push(jobKey(id));
    if (!sameGates(before.hostGates, draft.hostGates)) upserts[HOST_GATES_KEY] = draft.hostGates;
    if (Object.keys(upserts).length > 0) {
      await area.set(upserts);
      writes++;
    }
    if (removals.length > 0) {
      await area.remove(removals);
      writes++;
    }
    current = { jobs: draft.jobs, hostGates: draft.hostGates };
    return result;
  }

  return {
    read: (): Promise<Snapshot> => (queue = queue.then(load, load)),
    /** Applies `change` to a working copy and writes what differs in one batch. */
    transact<T>(change: (draft: Draft) => T): Promise<T> {
      const run = queue.then(
        () => commit(change),
        () => commit(change),
      );
      queue = run.catch(() => undefined);
      return run;
    },
    /** Storage writes so far (the benchmark counts them per round). */
    writeCount: (): number => writes,
  };
}
export type JobStore = ReturnType<typeof createJobStore>;

function sameGates(a: HostGates, b: HostGates): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
