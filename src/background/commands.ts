import { createJob, isActivePhase, MAX_NAME_LENGTH } from '../core/job';
import { isRetryable, retryJob } from '../core/job-update';
import { fail, ok, type Command, type CommandResult } from '../core/messages';
import { checkMonitorUrl } from '../core/monitor-url';
import type { AuthCommands } from './auth-host';
import type { JobStore } from './job-store';
import type { Poller } from './poller';

export interface CommandDeps {
  store: JobStore;
  poller: Poller;
  now: () => number;
  newId: () => string;
  /** Badge and other derived views after a change the poller did not make. */
  afterChange: () => Promise<void>;
  /** Sign-in host; absent where sign-in is not available yet (Firefox). */
  auth?: AuthCommands | undefined;
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
      const result = await deps.auth.signIn();
      if (result.ok) return ok({ username: result.username });
      if (result.failure === 'notConfigured') return fail('signInNotConfigured');
      return fail(result.failure === 'cancelled' ? 'signInCancelled' : 'signInFailed');
    }
    case 'authStatus': {
      if (deps.auth === undefined) return fail('signInUnavailable');
      const token = await deps.auth.acquireToken();
      return ok({ signedIn: token.ok });
    }
    case 'signOut':
    case 'listFolder':
    case 'resolveLink':
    case 'startCopy':
      // Handlers land in the next commits (account state and the copy service).
      return fail('internal');
  }
}
