import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeFor } from '../../src/core/badge';
import { planNotifications } from '../../src/core/notification-plan';
import { makeJob } from './fixtures';

describe('badgeFor', () => {
  it('is empty with nothing active', () => {
    expect(badgeFor([makeJob({ phase: 'completed' })])).toEqual({
      text: '',
      color: BADGE_COLORS.active,
      titleKey: 'badgeTooltipIdle',
      titleSubs: [],
    });
  });
  it('counts active jobs (pending, running, unknown)', () => {
    const jobs = [
      makeJob({ phase: 'pending' }),
      makeJob({ phase: 'running' }),
      makeJob({ phase: 'unknown' }),
      makeJob({ phase: 'completed' }),
    ];
    expect(badgeFor(jobs)).toMatchObject({ text: '3', titleKey: 'badgeTooltipActive', titleSubs: ['3'] });
  });
  it('adds a distinct mark for an unseen failure or expiry, and drops it once seen', () => {
    expect(badgeFor([makeJob({ phase: 'failed', seen: false }), makeJob({ phase: 'running' })])).toMatchObject({
      text: '1!',
      color: BADGE_COLORS.attention,
      titleKey: 'badgeTooltipAttention',
    });
    expect(badgeFor([makeJob({ phase: 'expired', seen: false })]).text).toBe('!');
    expect(badgeFor([makeJob({ phase: 'expired', seen: true })]).text).toBe('');
  });
});

describe('badgeFor with an expired sign-in', () => {
  it('asks to sign in again (amber "?", its own tooltip), beside the active count', () => {
    expect(badgeFor([], String, true)).toEqual({
      text: '?',
      color: BADGE_COLORS.signIn,
      titleKey: 'badgeTooltipSignIn',
      titleSubs: [],
    });
    expect(badgeFor([makeJob({ phase: 'running' }), makeJob({ id: 'b', phase: 'pending' })], String, true).text).toBe(
      '2?',
    );
  });
  it('lets an unseen failure win: it is news about a copy', () => {
    expect(badgeFor([makeJob({ phase: 'failed', seen: false })], String, true).titleKey).toBe('badgeTooltipAttention');
  });
});

describe('planNotifications', () => {
  const jobs = new Map(
    [
      makeJob({ id: 'a', name: 'A' }),
      makeJob({ id: 'b', name: 'B', errorCode: 'AccessDenied_1' }),
      makeJob({ id: 'c', name: 'C' }),
    ].map((j) => [j.id, j]),
  );
  const label = (job: { name: string | null }) => job.name ?? '?';
  const reason = (job: { errorCode: string | null }) => job.errorCode ?? 'none';

  it('one ending, one specific notification', () => {
    expect(planNotifications([{ jobId: 'b', to: 'failed' }], jobs, label, reason)).toEqual([
      {
        titleKey: 'notifyFailedTitle',
        titleSubs: [],
        messageKey: 'notifyFailedMessage',
        messageSubs: ['B', 'AccessDenied_1'],
        jobIds: ['b'],
      },
    ]);
    expect(planNotifications([{ jobId: 'c', to: 'expired' }], jobs, label, reason)[0]?.messageKey).toBe(
      'notifyExpiredMessage',
    );
  });
  it('several at once are combined', () => {
    const plan = planNotifications(
      [
        { jobId: 'a', to: 'completed' },
        { jobId: 'b', to: 'failed' },
        { jobId: 'c', to: 'completed' },
      ],
      jobs,
      label,
      reason,
    );
    expect(plan).toEqual([
      {
        titleKey: 'notifyManyTitle',
        titleSubs: ['3'],
        messageKey: 'notifyManyMessage',
        messageSubs: ['2', '1', '0'],
        jobIds: ['a', 'b', 'c'],
      },
    ]);
  });
  it('says nothing for cancelled copies or jobs removed meanwhile', () => {
    expect(
      planNotifications(
        [
          { jobId: 'a', to: 'cancelled' },
          { jobId: 'gone', to: 'completed' },
        ],
        jobs,
        label,
        reason,
      ),
    ).toEqual([]);
  });
});
