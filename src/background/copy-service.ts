import {
  childrenRequest,
  copyRequest,
  itemRequest,
  nextPageRequest,
  readChildrenResponse,
  readCopyResponse,
  readItemResponse,
  resolveShareRequest,
  rootChildrenRequest,
  rootItemRequest,
  type DriveItem,
  type GraphRequest,
  type GraphResponse,
} from '../core/graph';
import { createJob, type Job, type JobResult } from '../core/job';
import {
  fail,
  ok,
  type BrowseItem,
  type CommandResult,
  type CopyStarted,
  type ErrorCode,
  type FolderListing,
} from '../core/messages';
import { checkMonitorUrl } from '../core/monitor-url';
import { resultLookupRequest } from '../core/result-lookup';
import type { AccountService } from './account';
import type { GraphClient } from './graph-client';
import type { JobStore } from './job-store';

type ListFolder = { folder?: { driveId: string; itemId: string } | undefined; nextLink?: string | undefined };
type StartCopy = {
  source: { driveId: string; itemId: string; name: string };
  destination: { driveId: string; itemId: string; name: string };
  newName?: string | undefined;
  conflictBehavior: 'fail' | 'replace' | 'rename';
};

/** A second identical Start within this window is the same click twice, not a new copy. */
const SAME_COPY_WINDOW_MS = 10_000;

const browseItem = (item: DriveItem): BrowseItem => ({
  driveId: item.driveId,
  itemId: item.id,
  name: item.name,
  isFolder: item.isFolder,
  ...(item.size !== undefined ? { size: item.size } : {}),
});

/**
 * Everything the extension asks Graph for: browsing the drive, resolving a pasted link,
 * starting a copy (then tracked like a pasted monitor URL), and naming what a finished copy
 * produced. Tokens never leave the background: the popup gets names and ids only.
 */
export function createCopyService(deps: {
  graph: GraphClient;
  account: AccountService;
  store: JobStore;
  /** Poll soon: a copy was just started. */
  wakePoller: () => void;
  now: () => number;
  newId: () => string;
}) {
  const { graph, account, store } = deps;
  const recentStarts = new Map<string, number>();

  /** Sends one request; a missing token or a dead network becomes an error code. */
  async function send(
    request: GraphRequest,
  ): Promise<{ ok: true; response: GraphResponse } | { ok: false; code: ErrorCode }> {
    const sent = await graph.send(request);
    switch (sent.kind) {
      case 'response':
        return { ok: true, response: sent.response };
      case 'signedOut': {
        // No token: nobody signed in, the sign-in expired, or the identity service was unreachable.
        const why = account.whyNoToken();
        return { ok: false, code: why === 'failed' ? 'graphNetwork' : why };
      }
      case 'network':
        return { ok: false, code: 'graphNetwork' };
      case 'refused':
        return { ok: false, code: 'internal' };
    }
  }

  async function getItem(request: GraphRequest): Promise<CommandResult<DriveItem>> {
    const sent = await send(request);
    if (!sent.ok) return fail(sent.code);
    const read = readItemResponse(sent.response, deps.now());
    return read.kind === 'item' ? ok(read.item) : fail(read.code);
  }

  /** Looks up each finished job's new item. Jobs that can be tried again later stay unlooked. */
  async function lookUpResults(jobs: readonly Job[]): Promise<Map<string, JobResult>> {
    const found = new Map<string, JobResult>();
    const signedIn = (await account.read())?.state === 'signedIn';
    for (const job of jobs) {
      if (!signedIn) {
        found.set(job.id, { state: 'signedOut' });
        continue;
      }
      let request: GraphRequest | null;
      try {
        request = resultLookupRequest(job);
      } catch {
        request = null;
      }
      if (request === null) {
        found.set(job.id, { state: 'unavailable' });
        continue;
      }
      const sent = await send(request);
      if (!sent.ok) {
        if (sent.code === 'signedOut' || sent.code === 'signInNeeded') found.set(job.id, { state: 'signedOut' });
        continue; // network: try at the next chance
      }
      const read = readItemResponse(sent.response, deps.now());
      if (read.kind === 'item') found.set(job.id, { state: 'found', name: read.item.name, webUrl: read.item.webUrl });
      else if (read.code === 'graphNotFound' || read.code === 'graphForbidden' || read.code === 'graphBadRequest') {
        found.set(job.id, { state: 'unavailable' });
      }
      // throttled, server trouble, unreadable: try again at the next chance
    }
    return found;
  }

  return {
    async listFolder(command: ListFolder): Promise<CommandResult<FolderListing>> {
      const { folder, nextLink } = command;
      if (nextLink !== undefined) {
        // Later pages: the popup already has the folder; only its children are fetched.
        if (folder === undefined) return fail('badMessage');
        const request = nextPageRequest(nextLink);
        if (request === null) return fail('graphBadRequest');
        const sent = await send(request);
        if (!sent.ok) return fail(sent.code);
        const page = readChildrenResponse(sent.response, deps.now());
        if (page.kind === 'error') return fail(page.code);
        return ok({
          folder: { ...folder, name: '', isFolder: true },
          items: page.items.map(browseItem),
          nextLink: page.nextLink,
        });
      }
      let folderRequest: GraphRequest;
      let childrenOf: GraphRequest;
      try {
        folderRequest = folder === undefined ? rootItemRequest() : itemRequest(folder.driveId, folder.itemId);
        childrenOf = folder === undefined ? rootChildrenRequest() : childrenRequest(folder.driveId, folder.itemId);
      } catch {
        return fail('graphBadRequest');
      }
      const [item, children] = await Promise.all([getItem(folderRequest), send(childrenOf)]);
      if (!item.ok) return item;
      if (!children.ok) return fail(children.code);
      const page = readChildrenResponse(children.response, deps.now());
      if (page.kind === 'error') return fail(page.code);
      return ok({ folder: browseItem(item.data), items: page.items.map(browseItem), nextLink: page.nextLink });
    },

    async resolveLink(url: string): Promise<CommandResult<BrowseItem>> {
      const built = resolveShareRequest(url);
      if (!built.ok) return fail(built.code);
      const item = await getItem(built.request);
      return item.ok ? ok(browseItem(item.data)) : item;
    },

    async startCopy(command: StartCopy): Promise<CommandResult<CopyStarted>> {
      const newName = command.newName === undefined || command.newName === '' ? undefined : command.newName;
      const { source, destination } = command;
      const key = JSON.stringify([
        source.driveId,
        source.itemId,
        destination.driveId,
        destination.itemId,
        newName ?? null,
      ]);
      const startedAt = recentStarts.get(key);
      if (startedAt !== undefined && deps.now() - startedAt < SAME_COPY_WINDOW_MS) return fail('copyAlreadyStarted');
      let built;
      try {
        built = copyRequest({
          source: { driveId: source.driveId, itemId: source.itemId },
          destination: { driveId: destination.driveId, folderId: destination.itemId },
          ...(newName !== undefined ? { name: newName } : {}),
          conflictBehavior: command.conflictBehavior,
        });
      } catch {
        return fail('graphBadRequest');
      }
      if (!built.ok) return fail(built.code);
      recentStarts.set(key, deps.now());
      const sent = await send(built.request);
      const answer = sent.ok ? readCopyResponse(sent.response, deps.now()) : null;
      if (answer === null || answer.kind === 'error') {
        // Nothing was started: the same Start may be tried again at once.
        recentStarts.delete(key);
        return fail(answer === null ? (sent.ok ? 'internal' : sent.code) : answer.code);
      }
      const label = newName ?? source.name;
      const copy = {
        destination: { driveId: destination.driveId, folderId: destination.itemId },
        folderName: destination.name,
      };
      const now = deps.now();
      const result = await store.transact((draft): CommandResult<CopyStarted> => {
        const monitorUrl =
          answer.kind === 'accepted' ? answer.monitorUrl : itemRequest(answer.item.driveId, answer.item.id).url;
        // The same monitor URL twice (a retried request the service deduplicated): one job.
        for (const job of draft.jobs.values()) {
          if (job.monitorUrl === monitorUrl) return ok({ jobId: job.id, synchronous: answer.kind !== 'accepted' });
        }
        const checked = checkMonitorUrl(monitorUrl);
        if (!checked.ok) return fail('graphBadResponse');
        const base = createJob({
          id: deps.newId(),
          monitorUrl: checked.url,
          name: label.slice(0, 200),
          host: checked.host,
          shortId: checked.shortId,
          now,
        });
        const job: Job =
          answer.kind === 'accepted'
            ? { ...base, copy }
            : {
                ...base,
                copy,
                // Finished before it could be tracked: nothing to poll, the item is known.
                phase: 'completed',
                percent: 100,
                resourceId: answer.item.id,
                finishedAt: now,
                lastCheckedAt: now,
                nextPollAt: null,
                result: { state: 'found', name: answer.item.name, webUrl: answer.item.webUrl },
              };
        draft.jobs.set(job.id, job);
        return ok({ jobId: job.id, synchronous: answer.kind !== 'accepted' });
      });
      if (result.ok && answer.kind === 'accepted') deps.wakePoller();
      return result;
    },

    /**
     * Names the items of completed jobs not yet looked up (and, after a sign-in, of those that
     * finished while signed out). Called after a round that completed jobs, at start-up and
     * after signing in.
     */
    async resolveFinished(options: { retrySignedOut?: boolean } = {}): Promise<number> {
      const pending = [...(await store.read()).jobs.values()].filter(
        (job) =>
          job.phase === 'completed' &&
          (job.result === undefined || (options.retrySignedOut === true && job.result.state === 'signedOut')),
      );
      if (pending.length === 0) return 0;
      const found = await lookUpResults(pending);
      if (found.size === 0) return 0;
      await store.transact((draft) => {
        for (const [id, result] of found) {
          const job = draft.jobs.get(id);
          if (job !== undefined && job.phase === 'completed') draft.jobs.set(id, { ...job, result });
        }
      });
      return found.size;
    },
  };
}
export type CopyService = ReturnType<typeof createCopyService>;
