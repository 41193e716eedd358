import { z } from 'zod/mini';

/**
 * Messages between the background (Chrome service worker) and the offscreen document that hosts
 * MSAL (sign-in.md "Where MSAL can run"). `target` keeps them apart from the popup's commands,
 * which every extension context also receives.
 */

export const AuthConfigSchema = z.object({
  clientId: z.string().check(z.minLength(1), z.maxLength(64)),
  tenant: z.string().check(z.minLength(1), z.maxLength(253)),
  redirectUri: z.string().check(z.maxLength(512)),
  scopes: z.array(z.string().check(z.maxLength(128))).check(z.maxLength(16)),
});
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

/** Worker → offscreen document. */
export const OffscreenRequestSchema = z.object({
  target: z.literal('offscreen'),
  kind: z.enum(['signIn', 'getToken', 'signOut']),
  config: AuthConfigSchema,
});
export type OffscreenRequest = z.infer<typeof OffscreenRequestSchema>;

/**
 * pageFailed: Microsoft's sign-in page could not be shown (offline, or it answered with an error
 * page: an unknown client ID, an unregistered redirect URI); the user did not cancel anything.
 */
export const AUTH_FAILURES = ['needsSignIn', 'cancelled', 'pageFailed', 'failed'] as const;
export type AuthFailure = (typeof AUTH_FAILURES)[number];

export const OffscreenAnswerSchema = z.union([
  z.object({
    ok: z.literal(true),
    /** null after signOut. */
    token: z.nullable(z.object({ accessToken: z.string(), username: z.string(), expiresOn: z.nullable(z.number()) })),
  }),
  z.object({ ok: z.literal(false), failure: z.enum(AUTH_FAILURES), detail: z.optional(z.string()) }),
]);
export type OffscreenAnswer = z.infer<typeof OffscreenAnswerSchema>;

/** Offscreen document → worker: open this authorize URL with identity.launchWebAuthFlow. */
export const LaunchWebAuthFlowSchema = z.object({
  target: z.literal('worker'),
  kind: z.literal('launchWebAuthFlow'),
  url: z.string().check(z.maxLength(8192)),
  interactive: z.boolean(),
});
export type LaunchWebAuthFlowRequest = z.infer<typeof LaunchWebAuthFlowSchema>;

export const LaunchAnswerSchema = z.union([
  z.object({ ok: z.literal(true), redirectUrl: z.string() }),
  z.object({ ok: z.literal(false), detail: z.string() }),
]);
export type LaunchAnswer = z.infer<typeof LaunchAnswerSchema>;

/** Where the offscreen document lives in the build (vite keeps the source path). */
export const OFFSCREEN_PATH = 'src/offscreen/offscreen.html';
