import type { MonitorResponse } from '../core/classify';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Monitor bodies are a few hundred bytes; anything huge is not a status and is not read. */
const MAX_BODY_BYTES = 256 * 1024;
export const MONITOR_TIMEOUT_MS = 20_000;

/**
 * One GET of a monitor URL, reduced to plain data for `classifyMonitorResponse`.
 * Monitor URLs are pre-authenticated: no Authorization header, no cookies (an auth header
 * makes the service answer 401, monitor-api.md), no HTTP cache. Redirects are followed so a
 * 303-to-the-new-item completion shows as `redirected` with the item's URL.
 * Never throws; never logs the URL (it is a secret).
 */
export async function fetchMonitor(
  fetchImpl: FetchLike,
  url: string,
  timeoutMs = MONITOR_TIMEOUT_MS,
): Promise<MonitorResponse> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'network' };
  }
  let body = '';
  try {
    const length = Number(response.headers.get('content-length') ?? '0');
    body = length > MAX_BODY_BYTES ? '' : (await response.text()).slice(0, MAX_BODY_BYTES);
  } catch {
    // The connection dropped mid-body: the same as not having an answer.
    return { kind: 'network' };
  }
  return {
    kind: 'http',
    status: response.status,
    redirected: response.redirected,
    url: response.url,
    retryAfter: response.headers.get('retry-after'),
    body,
  };
}
