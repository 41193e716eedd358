import { z } from 'zod/mini';
import { MAX_ITEM_NAME_LENGTH, MAX_SHARE_URL_LENGTH } from './graph-codes';
import { MAX_NAME_LENGTH } from './job';

/**
 * Commands from extension pages to the background. State itself travels through
 * `storage.local` (the popup re-renders on `storage.onChanged`); messages only ask for changes.
 */
export const TrackJobSchema = z.object({
  type: z.literal('trackJob'),
  url: z.string().check(z.maxLength(4096)),
  name: z.optional(z.string().check(z.maxLength(MAX_NAME_LENGTH))),
});
export const RemoveJobSchema = z.object({
  type: z.literal('removeJob'),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
});
export const RetryJobSchema = z.object({
  type: z.literal('retryJob'),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
});
export const ClearFinishedSchema = z.object({ type: z.literal('clearFinished') });
/** The popup was opened: failed/expired outcomes now count as seen. */
export const MarkSeenSchema = z.object({ type: z.literal('markSeen') });
/** Ask for an immediate poll of every active job (popup "refresh"). */
export const PollNowSchema = z.object({ type: z.literal('pollNow') });
/** Sign in to Microsoft now (opens the browser's sign-in window). */
export const SignInSchema = z.object({ type: z.literal('signIn') });
/** Whether a Graph token can be had without a window (cache or refresh token). */
export const AuthStatusSchema = z.object({ type: z.literal('authStatus') });
/** Forget the account and its tokens. */
export const SignOutSchema = z.object({ type: z.literal('signOut') });

/** Graph ids as the background accepts them from a page (checked again by src/core/graph.ts). */
const graphId = z.string().check(z.minLength(1), z.maxLength(400));
const itemRef = z.object({ driveId: graphId, itemId: graphId });

/**
 * List a folder of the user's drive for the copy screen: `folder` absent = the root of the
 * signed-in user's own drive; `nextLink` (from a previous answer) = the next page.
 * Answers `FolderListing`.
 */
export const ListFolderSchema = z.object({
  type: z.literal('listFolder'),
  folder: z.optional(itemRef),
  nextLink: z.optional(z.string().check(z.maxLength(4096))),
});
/** Resolve a pasted sharing link or item URL with `/shares/{encoded}/driveItem`. Answers `BrowseItem`. */
export const ResolveLinkSchema = z.object({
  type: z.literal('resolveLink'),
  url: z.string().check(z.maxLength(MAX_SHARE_URL_LENGTH + 1)),
});
export const CONFLICT_BEHAVIORS = ['fail', 'replace', 'rename'] as const;
/**
 * Start a copy with Graph and track it like a pasted job. Names are labels for the job
 * (the source's name and the destination folder's). Answers `{ jobId, synchronous }`.
 */
export const StartCopySchema = z.object({
  type: z.literal('startCopy'),
  source: z.object({ driveId: graphId, itemId: graphId, name: z.string().check(z.maxLength(400)) }),
  destination: z.object({ driveId: graphId, itemId: graphId, name: z.string().check(z.maxLength(400)) }),
  /** New name for the copy; absent keeps the source's name. */
  newName: z.optional(z.string().check(z.maxLength(MAX_ITEM_NAME_LENGTH + 1))),
  conflictBehavior: z.enum(CONFLICT_BEHAVIORS),
});

export const CommandSchema = z.discriminatedUnion('type', [
  TrackJobSchema,
  RemoveJobSchema,
  RetryJobSchema,
  ClearFinishedSchema,
  MarkSeenSchema,
  PollNowSchema,
  SignInSchema,
  AuthStatusSchema,
  SignOutSchema,
  ListFolderSchema,
  ResolveLinkSchema,
  StartCopySchema,
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
