import { ATTENTION_PHASES, isActivePhase, type Job } from './job';

export interface BadgeState {
  text: string;
  color: string;
  /** Locale key and substitutions for the toolbar tooltip. */
  titleKey: 'badgeTooltipIdle' | 'badgeTooltipActive' | 'badgeTooltipAttention';
  titleSubs: string[];
}

export const BADGE_COLORS = { active: '#1a5fb4', attention: '#c01c28' } as const;

/**
 * One function decides text, colour and tooltip together, so they never disagree.
 * Active jobs are counted; an unseen failure or expiry adds a "!" in red until the popup is opened.
 */
export function badgeFor(jobs: Iterable<Job>, formatCount: (n: number) => string = String): BadgeState {
  let active = 0;
  let attention = false;
  for (const job of jobs) {
    if (isActivePhase(job.phase)) active++;
    if (ATTENTION_PHASES.has(job.phase) && !job.seen) attention = true;
  }
  if (attention) {
    return {
      text: active > 0 ? `${formatCount(active)}!` : '!',
      color: BADGE_COLORS.attention,
      titleKey: 'badgeTooltipAttention',
      titleSubs: [],
    };
  }
  if (active > 0) {
    return {
      text: formatCount(active),
      color: BADGE_COLORS.active,
      titleKey: 'badgeTooltipActive',
      titleSubs: [formatCount(active)],
    };
  }
  return { text: '', color: BADGE_COLORS.active, titleKey: 'badgeTooltipIdle', titleSubs: [] };
}
