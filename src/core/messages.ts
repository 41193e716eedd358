import { z } from 'zod/mini';
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

export const CommandSchema = z.discriminatedUnion('type', [
  TrackJobSchema,
  RemoveJobSchema,
  RetryJobSchema,
  ClearFinishedSchema,
  MarkSeenSchema,
  PollNowSchema,
  SignInSchema,
  AuthStatusSchema,
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];

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
  'internal',
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
