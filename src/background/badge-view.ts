import { badgeFor, type BadgeState } from '../core/badge';
import type { Job } from '../core/job';
import type { Translate } from './notifier';

export interface ActionApi {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

/** Keeps the toolbar badge in step with the jobs; skips the calls when nothing changed. */
export function createBadgeView(deps: {
  action: ActionApi;
  t: Translate;
  formatCount: (n: number) => string;
  /** The sign-in expired and the user must act (badge and tooltip say so). */
  needsSignIn?: () => Promise<boolean>;
}) {
  let shown: BadgeState | null = null;
  return {
    async update(jobs: Iterable<Job>): Promise<void> {
      const next = badgeFor(jobs, deps.formatCount, (await deps.needsSignIn?.()) ?? false);
      if (
        shown !== null &&
        shown.text === next.text &&
        shown.color === next.color &&
        shown.titleKey === next.titleKey
      ) {
        return;
      }
      shown = next;
      await Promise.all([
        deps.action.setBadgeText({ text: next.text }),
        deps.action.setBadgeBackgroundColor({ color: next.color }),
        deps.action.setTitle({ title: deps.t(next.titleKey, next.titleSubs) }),
      ]);
    },
  };
}
