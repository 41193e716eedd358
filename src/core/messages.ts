import { z } from 'zod/mini';
import { GRAPH_ERROR_CODES, GRAPH_INPUT_ERROR_CODES } from './graph-codes';

/**
 * Commands from extension pages to the background: their schemas are in command-schema.ts,
 * which only the background loads (pages send commands; they have no use for the validators).
 */
export type { Command, CommandType } from './command-schema';

/**
 * Error codes double as locale message keys: `error_<code>`.
 * Keep this list and `_locales/<lang>/messages.json` in step (a test checks it).
 */
export const ERROR_CODES = [
  'urlEmpty',
  'urlInvalid',
  'urlNotHttps',
  'urlHasUserInfo',
  'urlHostNotAllowed',
  'urlAlreadyTracked',
  'nameTooLong',
  'jobNotFound',
  'jobNotRetryable',
  'badMessage',
  'forbiddenSender',
  'signInUnavailable',
  'signInNotConfigured',
  'signInCancelled',
  'signInFailed',
  /** Microsoft's sign-in page could not be shown: offline, or a client ID / redirect URI it refused. */
  'signInPageFailed',
  /** A Graph call needs a token and nobody is signed in. */
  'signedOut',
  /** The refresh token expired and the one silent attempt failed: sign in again. */
  'signInNeeded',
  /** The same copy (source, destination, name) was started a moment ago. */
  'copyAlreadyStarted',
  'internal',
  ...GRAPH_ERROR_CODES,
  ...GRAPH_INPUT_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type CommandResult<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode } };

export const CommandResultSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(ERROR_CODES) }) }),
]);

export const ok = <T>(data: T): CommandResult<T> => ({ ok: true, data });
export const fail = (code: ErrorCode): CommandResult<never> => ({ ok: false, error: { code } });

/** The popup holds a port with this name open while it is visible: polling speeds up meanwhile. */
export const POPUP_PORT_NAME = 'popup-open';

/** One entry of a folder listing or a resolved link, as the popup shows it. */
export interface BrowseItem {
  driveId: string;
  itemId: string;
  name: string;
  isFolder: boolean;
  size?: number;
}

/** The answer to `listFolder`. */
export interface FolderListing {
  folder: BrowseItem;
  items: BrowseItem[];
  /** Pass back as `nextLink` for more; null on the last page. */
  nextLink: string | null;
}

/** The answer to `startCopy`. */
export interface CopyStarted {
  jobId: string;
  /** The service finished the copy at once (no monitor URL); the job is already completed. */
  synchronous: boolean;
}
