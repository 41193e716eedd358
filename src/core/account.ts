import { z } from 'zod/mini';

/**
 * Who is signed in, as the background last learned it, kept in `storage.local` under
 * `account` so the popup and options page can show it at once without waking MSAL. No token
 * is ever stored here. Absent = signed out.
 */
export const ACCOUNT_KEY = 'account';

export const ACCOUNT_STATES = ['signedIn', 'needsSignIn'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export const AccountSchema = z.object({
  v: z.literal(1),
  /** needsSignIn: the refresh token expired and the one silent attempt failed; ask the user. */
  state: z.enum(ACCOUNT_STATES),
  /** The account's user name (usually an e-mail address), as MSAL reports it. */
  username: z.string().check(z.maxLength(320)),
  /** When the state last changed (epoch ms). */
  since: z.number().check(z.nonnegative()),
});
export type Account = z.infer<typeof AccountSchema>;

/** The stored record, or null when absent or unreadable (treated as signed out). */
export function readAccount(raw: unknown): Account | null {
  const parsed = AccountSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
