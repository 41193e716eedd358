/**
 * `Retry-After` as Graph and SharePoint send it: whole or fractional seconds ("2.128" in
 * Microsoft's own sample) or an HTTP date. Returns milliseconds to wait, or null if absent or
 * unreadable (the caller then uses its own backoff).
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    return clampWait(Math.ceil(Number(text) * 1000));
  }
  // An HTTP date always names its month; this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return clampWait(at - now);
}

// A date in the past means "now"; an absurd wait (a poisoned header) is capped at an hour so a
// job cannot be frozen forever. Real captures reach about 5 minutes.
const clampWait = (ms: number): number => Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
