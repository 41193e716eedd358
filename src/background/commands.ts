import { createJob, isActivePhase, MAX_NAME_LENGTH } from '../core/job';
import { isRetryable, retryJob } from '../core/job-update';
import { fail, ok, type Command, type CommandResult } from '../core/messages';
import { checkMonitorUrl } from '../core/monitor-url';
import type { AccountService } from './account';
import type { AuthCommands } from './auth-host';
import type { CopyService } from './copy-service';
import type { JobStore } from './job-store';
import type { Poller } from './poller';

export interface CommandDeps {
  store: JobStore;
  poller: Poller;
  now: () => number;
  newId: () => string;
  /** Badge and other derived views after a change the poller did not make. */
  afterChange: () => Promise<void>;
  /** Sign-in host (Chrome: offscreen document, Firefox: the event page); absent where none can run. */
  auth?: AuthCommands | undefined;
  /** The stored account and Graph tokens (works, signed out, without a host). */
  account: AccountService;
  copies: CopyService;
}

export type { AuthCommands } from './auth-host';

/** Carries out one validated command. Errors come back as codes, never thrown. */
export async function runCommand(command: Command, deps: CommandDeps): Promise<CommandResult> {
  switch (command.type) {
    case 'trackJob': {
      const name = command.name?.trim() ?? '';
      if (name.length > MAX_NAME_LENGTH) return fail('nameTooLong');
      const result = await deps.store.transact((draft) => {
        const check = checkMonitorUrl(
          command.url,
          [...draft.jobs.values()].map((job) => job.monitorUrl),
        );
        if (!check.ok) return fail(check.code);
        const job = createJob({
          id: deps.newId(),
          monitorUrl: check.url,
          name: name === '' ? null : name,
          host: check.host,
          shortId: check.shortId,
          now: deps.now(),
        });
        draft.jobs.set(job.id, job);
        return ok({ id: job.id });
      });
      // Answer at once; the first poll must not hold the popup's form (a monitor can take seconds).
      if (result.ok) void deps.poller.wake();
      await deps.afterChange();
      return result;
    }
    case 'removeJob': {
      const found = await deps.store.transact((draft) => draft.jobs.delete(command.id));
      await deps.afterChange();
      return found ? ok(null) : fail('jobNotFound');
    }
    case 'retryJob': {
      const result = await deps.store.transact((draft) => {
        const job = draft.jobs.get(command.id);
        if (job === undefined) return fail('jobNotFound');
        if (!isRetryable(job)) return fail('jobNotRetryable');
        draft.jobs.set(job.id, retryJob(job, deps.now()));
        return ok(null);
      });
      if (result.ok) void deps.poller.wake();
      await deps.afterChange();
      return result;
    }
    case 'clearFinished': {
      const removed = await deps.store.transact((draft) => {
        let count = 0;
        for (const job of [...draft.jobs.values()]) {
          if (!isActivePhase(job.phase)) {
            draft.jobs.delete(job.id);
            count++;
          }
        }
        return count;
      });
      await deps.afterChange();
      return ok({ removed });
    }
    case 'markSeen': {
      await deps.store.transact((draft) => {
        for (const job of draft.jobs.values()) if (!job.seen) draft.jobs.set(job.id, { ...job, seen: true });
      });
      await deps.afterChange();
      return ok(null);
    }
    case 'pollNow':
      await deps.poller.pollAllSoon();
      return ok(null);
    case 'signIn': {
      if (deps.auth === undefined) return fail('signInUnavailable');
      const result = await deps.account.signIn();
      if (result.ok) {
        // Copies that finished while signed out can be named now.
        void deps.copies.resolveFinished({ retrySignedOut: true }).then(deps.afterChange);
        await deps.afterChange();
        return ok({ username: result.username });
      }
      if (result.failure === 'notConfigured') return fail('signInNotConfigured');
      if (result.failure === 'pageFailed') return fail('signInPageFailed');
      return fail(result.failure === 'cancelled' ? 'signInCancelled' : 'signInFailed');
    }
    case 'authStatus': {
      if (deps.auth === undefined) return fail('signInUnavailable');
      // A real token attempt (silent only), so the answer is true, not what was last stored.
      const token = await deps.account.token();
      const stored = await deps.account.read();
      return ok({
        signedIn: token.ok,
        state: token.ok ? 'signedIn' : (stored?.state ?? 'signedOut'),
        ...(stored !== null ? { username: stored.username } : {}),
      });
    }
    case 'signOut':
      await deps.account.signOut();
      await deps.afterChange();
      return ok(null);
    case 'listFolder':
      return deps.copies.listFolder(command);
    case 'resolveLink':
      return deps.copies.resolveLink(command.url);
    case 'startCopy': {
      const result = await deps.copies.startCopy(command);
      await deps.afterChange();
      return result;
    }
  }
}
