import type http from 'node:http';
import type { SimResponse } from './responses';

/**
 * Small HTTP pieces shared by the identity platform (identity.ts) and Graph (graph.ts) fakes:
 * the request as they see it (body already read), CORS headers and JSON answers.
 */

export interface SimRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** The request body as text ('' for none). */
  body: string;
}

export const MAX_REQUEST_BODY = 1024 * 1024;

/** Reads the whole body; rejects past `max` bytes. */
export async function readBody(req: http.IncomingMessage, max = MAX_REQUEST_BODY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const originOf = (req: SimRequest): string | null =>
  typeof req.headers.origin === 'string' && req.headers.origin !== '' ? req.headers.origin : null;

/** `Access-Control-Allow-Origin` echoing the request's Origin (extension pages send theirs). */
export function corsHeaders(req: SimRequest, expose: readonly string[] = []): Record<string, string> {
  const origin = originOf(req);
  if (origin === null) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    ...(expose.length > 0 ? { 'access-control-expose-headers': expose.join(', ') } : {}),
  };
}

/** Answer to a CORS preflight: allows what was asked for, from whoever asked. */
export function preflight(req: SimRequest, methods: string, summary: string): SimResponse {
  const asked = req.headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      ...corsHeaders(req),
      'access-control-allow-methods': methods,
      ...(typeof asked === 'string' ? { 'access-control-allow-headers': asked } : {}),
      'access-control-max-age': '3600',
    },
    body: '',
    summary,
    retryAt: null,
  };
}

export function jsonAnswer(
  status: number,
  value: unknown,
  summary: string,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): SimResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(value),
    summary,
    retryAt: null,
  };
}

/** base64url of a JSON value, the way JWT parts and client_info are encoded. */
export const b64urlJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
