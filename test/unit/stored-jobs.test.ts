import { describe, expect, it } from 'vitest';
import { jobKey } from '../../src/core/job';
import { HOST_GATES_KEY, migrateJobRecord, readStoredJob, readStoredState } from '../../src/core/stored-jobs';
import { T0, makeJob } from './fixtures';

describe('readStoredState', () => {
  it('keeps valid jobs, repairs damaged ones that still know their link, sets aside the rest', () => {
    const good = makeJob({ id: 'good' });
    const damaged = { ...makeJob({ id: 'damaged', name: 'Keep me', percent: 40 }), phase: 'exploded', history: 'nope' };
    const state = readStoredState(
      {
        [jobKey('good')]: good,
        [jobKey('damaged')]: damaged,
        [jobKey('garbage')]: 'not even an object',
        [jobKey('hostile')]: { ...makeJob({ id: 'hostile' }), monitorUrl: 'https://evil.example/steal' },
        [HOST_GATES_KEY]: { 'api.onedrive.com': T0 + 1000 },
        unrelated: 42,
      },
      T0,
    );
    expect([...state.jobs.keys()].sort()).toEqual(['damaged', 'good']);
    expect(state.jobs.get('good')).toEqual(good);
    expect(state.jobs.get('damaged')).toMatchObject({ name: 'Keep me', percent: 40, phase: 'pending', history: [] });
    expect(state.repaired.map((job) => job.id)).toEqual(['damaged']);
    expect(state.quarantined.map((bad) => [bad.key, bad.reason])).toEqual([
      ['job:garbage', 'notAnObject'],
      ['job:hostile', 'schema'],
    ]);
    expect(state.hostGates).toEqual({ 'api.onedrive.com': T0 + 1000 });
  });

  it('ignores unreadable host gates instead of failing', () => {
    expect(readStoredState({ [HOST_GATES_KEY]: 'x' }, T0).hostGates).toEqual({});
    expect(readStoredState({ [HOST_GATES_KEY]: { a: 'soon' } }, T0).hostGates).toEqual({});
  });

  it('a record stored under another id is repaired under its key, not duplicated', () => {
    const result = readStoredJob(jobKey('k1'), makeJob({ id: 'other' }), T0);
    expect(result).toMatchObject({ kind: 'repaired', job: { id: 'k1' } });
  });
});

describe('migrateJobRecord', () => {
  it('applies numbered migrations in order up to the target version', () => {
    const migrations = {
      1: (r: Record<string, unknown>) => ({ ...r, title: r['name'] }),
      2: (r: Record<string, unknown>) => {
        const { title, ...rest } = r;
        return { ...rest, label: String(title).toUpperCase() };
      },
    };
    expect(migrateJobRecord({ v: 1, name: 'x' }, migrations, 3)).toEqual({ v: 3, name: 'x', label: 'X' });
    expect(migrateJobRecord({ v: 2, title: 'y' }, migrations, 3)).toEqual({ v: 3, label: 'Y' });
  });
  it('leaves a current record alone', () => {
    const job = makeJob();
    expect(migrateJobRecord(job)).toBe(job);
  });
});
