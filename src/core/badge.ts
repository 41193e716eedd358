import { ATTENTION_PHASES, isActivePhase, type Job } from './job';

export interface BadgeState {
  text: string;
  color: string;
  /** Locale key and substitutions for the toolbar tooltip. */
  titleKey: 'badgeTooltipIdle' | 'badgeTooltipActive' | 'badgeTooltipAttention' | 'badgeTooltipSignIn';
  titleSubs: string[];
}

export const BADGE_COLORS = { active: '#1a5fb4', attention: '#c01c28', signIn: '#8a5a00' } as const;

/**
 * One function decides text, colour and tooltip together, so they never disagree.
 * Active jobs are counted; an unseen failure or expiry adds a "!" in red until the popup is opened.
 * An expired sign-in (after the one silent attempt) shows "?" in amber with a tooltip asking to
 * sign in again; a failure still wins, since it is news about a copy.
 */
export function badgeFor(
  jobs: Iterable<Job>,
  formatCount: (n: number) => string = String,
  needsSignIn = false,
): BadgeState {
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
  if (needsSignIn) {
    return {
      text: active > 0 ? `${formatCount(active)}?` : '?',
      color: BADGE_COLORS.signIn,
      titleKey: 'badgeTooltipSignIn',
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
