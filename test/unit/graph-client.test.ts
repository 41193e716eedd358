import { describe, expect, it, vi } from 'vitest';
import { createGraphClient } from '../../src/background/graph-client';
import { copyRequest, itemRequest, readCopyResponse, readItemResponse, type GraphRequest } from '../../src/core/graph';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake.token';

/** A recorded answer: what Graph sent back for one request. */
function recorded(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(
    async (_url: string, _init: RequestInit) =>
      new Response(status === 202 || status === 204 ? null : typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers,
      }),
  );
}

const copy = (): GraphRequest => {
  const built = copyRequest({
    source: { driveId: 'b!drive', itemId: '01SOURCE' },
    destination: { driveId: 'b!drive', folderId: '01FOLDER' },
    conflictBehavior: 'rename',
  });
  if (!built.ok) throw new Error(built.code);
  return built.request;
};

describe('Graph client', () => {
  it('sends the bearer token to Graph and reads a 202 copy answer with its monitor Location', async () => {
    const monitor = 'https://contoso-my.sharepoint.com/personal/u/_api/v2.1/drive/operations/7f0a?c=x&tempauth=y';
    const fetch = recorded(202, '', { Location: monitor });
    const client = createGraphClient({ fetch, tokens: { getGraphToken: async () => TOKEN } });
    const sent = await client.send(copy());
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toContain('https://graph.microsoft.com/v1.0/drives/');
    expect(url).toContain('@microsoft.graph.conflictBehavior=rename');
    expect((init.headers as Record<string, string>)['Authorization']).toBe(`Bearer ${TOKEN}`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'manual' });
    if (sent.kind !== 'response') throw new Error(sent.kind);
    expect(readCopyResponse(sent.response, NOW)).toEqual({ kind: 'accepted', monitorUrl: monitor });
  });

  it('reads a recorded item answer into name and webUrl', async () => {
    const fetch = recorded(200, {
      id: '01NEW',
      name: 'Quarterly (copy).xlsx',
      webUrl: 'https://contoso-my.sharepoint.com/personal/u/Documents/Quarterly%20(copy).xlsx',
      size: 9314,
      file: { mimeType: 'application/vnd.ms-excel' },
      parentReference: { driveId: 'b!drive', id: '01FOLDER' },
    });
    const client = createGraphClient({ fetch, tokens: { getGraphToken: async () => TOKEN } });
    const sent = await client.send(itemRequest('b!drive', '01NEW'));
    if (sent.kind !== 'response') throw new Error(sent.kind);
    expect(readItemResponse(sent.response, NOW)).toMatchObject({
      kind: 'item',
      item: { id: '01NEW', name: 'Quarterly (copy).xlsx', isFolder: false },
    });
  });

  it('maps recorded errors: 409 name conflict, 429 with Retry-After, 401', async () => {
    const conflict = createGraphClient({
      fetch: recorded(409, { error: { code: 'nameAlreadyExists', message: 'Name already exists' } }),
      tokens: { getGraphToken: async () => TOKEN },
    });
    const throttled = createGraphClient({
      fetch: recorded(429, { error: { code: 'activityLimitReached' } }, { 'Retry-After': '2.128' }),
      tokens: { getGraphToken: async () => TOKEN },
    });
    const expired = createGraphClient({
      fetch: recorded(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } }),
      tokens: { getGraphToken: async () => TOKEN },
    });
    for (const [client, expected] of [
      [conflict, { kind: 'error', code: 'graphNameConflict' }],
      [throttled, { kind: 'error', code: 'graphThrottled', retryAfterMs: 2128 }],
      [expired, { kind: 'error', code: 'graphUnauthorized' }],
    ] as const) {
      const sent = await client.send(copy());
      if (sent.kind !== 'response') throw new Error(sent.kind);
      expect(readCopyResponse(sent.response, NOW)).toMatchObject(expected);
    }
  });

  it('never sends the token anywhere but Graph, and sends nothing when signed out', async () => {
    const fetch = recorded(200, {});
    const getGraphToken = vi.fn(async () => TOKEN);
    const client = createGraphClient({ fetch, tokens: { getGraphToken } });
    for (const url of [
      'https://contoso.sharepoint.com/_api/v2.0/monitor/1',
      'https://graph.microsoft.com.evil.example/v1.0/me',
      'http://graph.microsoft.com/v1.0/me',
      'https://user@graph.microsoft.com/v1.0/me',
    ]) {
      expect(await client.send({ method: 'GET', url, headers: {}, body: null })).toEqual({ kind: 'refused' });
    }
    expect(fetch).not.toHaveBeenCalled();
    expect(getGraphToken).not.toHaveBeenCalled();
    const signedOut = createGraphClient({ fetch, tokens: { getGraphToken: async () => null } });
    expect(await signedOut.send(itemRequest('b!drive', '01NEW'))).toEqual({ kind: 'signedOut' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('turns a failed fetch into a network result', async () => {
    const client = createGraphClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      tokens: { getGraphToken: async () => TOKEN },
    });
    expect(await client.send(itemRequest('b!drive', '01NEW'))).toEqual({ kind: 'network' });
  });
});
