import { isGraphUrl, withBearer, type GraphRequest, type GraphResponse } from '../core/graph';
import type { FetchLike } from './monitor-fetch';

/** Gives a Graph access token, or null when nobody is signed in (the sign-in host implements it). */
export interface TokenProvider {
  getGraphToken(): Promise<string | null>;
}

export type GraphSendResult =
  { kind: 'response'; response: GraphResponse } | { kind: 'network' } | { kind: 'signedOut' } | { kind: 'refused' };

/** Graph answers are small JSON documents; a page of 200 children is well under this. */
const MAX_BODY_CHARS = 4_000_000;
const TIMEOUT_MS = 30_000;
/** The headers the readers in src/core/graph.ts look at. */
const KEPT_HEADERS = ['location', 'retry-after', 'content-type'] as const;

/**
 * Sends a request built by src/core/graph.ts with a bearer token. The token goes only to
 * graph.microsoft.com (`withBearer` refuses anything else, and this checks again after any
 * redirect: `redirect: 'manual'` so a 3xx is never followed with the token attached).
 * Never logs the token or the URL.
 */
export function createGraphClient(deps: { fetch: FetchLike; tokens: TokenProvider }) {
  return {
    async send(request: GraphRequest): Promise<GraphSendResult> {
      if (!isGraphUrl(request.url)) return { kind: 'refused' };
      const token = await deps.tokens.getGraphToken();
      if (token === null) return { kind: 'signedOut' };
      const authorised = withBearer(request, token);
      if (authorised === null) return { kind: 'refused' };
      let response: Response;
      try {
        response = await deps.fetch(authorised.url, {
          method: authorised.method,
          headers: authorised.headers,
          ...(authorised.body === null ? {} : { body: authorised.body }),
          credentials: 'omit',
          cache: 'no-store',
          redirect: 'manual',
          referrerPolicy: 'no-referrer',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch {
        return { kind: 'network' };
      }
      const headers: Record<string, string | null> = {};
      for (const name of KEPT_HEADERS) headers[name] = response.headers.get(name);
      let body = '';
      try {
        body = (await response.text()).slice(0, MAX_BODY_CHARS);
      } catch {
        return { kind: 'network' };
      }
      return { kind: 'response', response: { status: response.status, headers, body } };
    },
  };
}
export type GraphClient = ReturnType<typeof createGraphClient>;
