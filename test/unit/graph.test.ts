import { describe, expect, it } from 'vitest';
import {
  DRIVE_ITEM_SELECT,
  GRAPH_ORIGIN,
  MAX_BODY_CHARS,
  childrenRequest,
  copyRequest,
  driveRequest,
  encodeSharingUrl,
  isGraphId,
  isGraphUrl,
  itemRequest,
  nextPageRequest,
  readChildren,
  readChildrenResponse,
  readCopyResponse,
  readDriveItem,
  readDriveResponse,
  readGraphError,
  readItemResponse,
  resolveShareRequest,
  rootChildrenRequest,
  withBearer,
  type CopyInput,
  type GraphRequest,
  type GraphResponse,
} from '../../src/core/graph';
import { GRAPH_ERROR_CODES, isValidItemName } from '../../src/core/graph-codes';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const DRIVE = 'b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7';
const ITEM = '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K';

const res = (status: number, body: unknown = '', headers: Record<string, string | null> = {}): GraphResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const driveItem = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: ITEM,
  name: 'Report.docx',
  webUrl: 'https://contoso-my.sharepoint.com/personal/u/Documents/Report.docx',
  size: 12345,
  file: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  parentReference: { driveId: DRIVE, driveType: 'business', id: '01BYE5RZ56Y2GOVW7725BZO354PWSELRRZ' },
  ...over,
});

const pathOf = (request: GraphRequest): string => new URL(request.url).pathname;

describe('isGraphUrl: the only place a token may go', () => {
  it.each([
    'https://graph.microsoft.com/v1.0/me/drive',
    'https://GRAPH.microsoft.com/v1.0/me',
    'https://graph.microsoft.com:443/v1.0/me',
    `${GRAPH_ORIGIN}/v1.0/drives/x/items/y/children?$skiptoken=abc`,
  ])('accepts %s', (url) => {
    expect(isGraphUrl(url)).toBe(true);
  });

  it.each([
    'https://api.onedrive.com/v1.0/monitor/4A3407B5',
    'https://contoso.sharepoint.com/_api/v2.0/monitor/1',
    'https://contoso-my.sharepoint.com/personal/u/_api/v2.1/drive/operations/7f0a?tempauth=x',
    'https://graph.microsoft.com.evil.com/v1.0/me',
    'https://evilgraph.microsoft.com/v1.0/me',
    'https://x.graph.microsoft.com/v1.0/me',
    'https://graph.microsoft.com./v1.0/me',
    'https://graph-microsoft.com/v1.0/me',
    'https://evil.com/graph.microsoft.com/v1.0/me',
    'https://evil.com/?u=https://graph.microsoft.com/',
    'http://graph.microsoft.com/v1.0/me',
    'wss://graph.microsoft.com/v1.0/me',
    'https://user@graph.microsoft.com/v1.0/me',
    'https://user:pw@graph.microsoft.com/v1.0/me',
    'https://graph.microsoft.com@evil.com/v1.0/me',
    'https://graph.microsoft.com:8443/v1.0/me',
    'https://graph.microsoft.com:80/v1.0/me',
    '//graph.microsoft.com/v1.0/me',
    '/v1.0/me',
    'javascript:fetch("https://graph.microsoft.com")',
    '',
  ])('refuses %s', (url) => {
    expect(isGraphUrl(url)).toBe(false);
  });
});

describe('withBearer', () => {
  it('adds the token to Graph requests only', () => {
    const authed = withBearer(driveRequest(), 'eyJ0eXAi.abc.def');
    expect(authed?.headers['Authorization']).toBe('Bearer eyJ0eXAi.abc.def');
    const monitor: GraphRequest = {
      method: 'GET',
      url: 'https://api.onedrive.com/v1.0/monitor/1',
      headers: {},
      body: null,
    };
    expect(withBearer(monitor, 'eyJ0eXAi.abc.def')).toBeNull();
    expect(withBearer({ ...monitor, url: 'https://graph.microsoft.com.evil.com/v1.0/me' }, 'tok')).toBeNull();
  });

  it.each(['', 'a b', 'tok\r\nX-Evil: 1', 'tök'])('refuses the unusable token %j', (token) => {
    expect(withBearer(driveRequest(), token)).toBeNull();
  });

  it('does not change the request it was given', () => {
    const request = driveRequest();
    withBearer(request, 'tok');
    expect(request.headers).not.toHaveProperty('Authorization');
  });
});

describe('encodeSharingUrl', () => {
  it.each([
    'https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1',
    'https://1drv.ms/f/s!AkPlG0GkjpBNgbwFcLxlGXHxzTyIiw?e=abc',
    'https://contoso.sharepoint.com/:w:/s/team/EZ8mGlRTQTxHuQ3c?e=4%3AabcD',
    'https://contoso-my.sharepoint.com/personal/u/Documents/Réunion ~ été.docx',
    'https://x.sharepoint.com/>>>???',
  ])('is u! + unpadded base64url of the UTF-8 text: %s', (url) => {
    const encoded = encodeSharingUrl(url);
    expect(encoded).toBe(`u!${Buffer.from(url, 'utf8').toString('base64url')}`);
    expect(encoded).toMatch(/^u![A-Za-z0-9_-]+$/);
    expect(Buffer.from(encoded.slice(2), 'base64url').toString('utf8')).toBe(url);
  });

  it('maps + and / and drops padding', () => {
    // '>>>' is 0x3e3e3e -> base64 "Pj4+"; '???' -> "Pz8/"; "ab" pads with "=".
    expect(encodeSharingUrl('>>>???')).toBe('u!Pj4-Pz8_');
    expect(encodeSharingUrl('ab')).toBe('u!YWI');
  });

  it('matches the example in Graph’s shares documentation', () => {
    expect(encodeSharingUrl('https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1')).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
  });
});

describe('resolveShareRequest', () => {
  it.each([
    'https://1drv.ms/f/s!AkPlG0GkjpBNgbwFcLxlGXHxzTyIiw',
    'https://onedrive.live.com/?cid=ABC&id=ABC%21123',
    'https://contoso.sharepoint.com/:f:/s/team/EhK2?e=x',
    'https://contoso-my.sharepoint.com/:w:/g/personal/u/EZ8m?e=y',
    'https://Contoso.SharePoint.com/sites/team/Shared%20Documents/a.xlsx',
  ])('builds GET /shares/{u!…}/driveItem for %s', (url) => {
    const built = resolveShareRequest(`  ${url} `);
    if (!built.ok) throw new Error(built.code);
    expect(built.request.method).toBe('GET');
    expect(built.request.body).toBeNull();
    expect(isGraphUrl(built.request.url)).toBe(true);
    expect(pathOf(built.request)).toBe(`/v1.0/shares/${encodeSharingUrl(url)}/driveItem`);
    expect(new URL(built.request.url).searchParams.get('$select')).toBe(DRIVE_ITEM_SELECT);
    expect(built.request.headers).not.toHaveProperty('Authorization');
  });

  it.each([
    ['', 'shareUrlEmpty'],
    ['   ', 'shareUrlEmpty'],
    [`https://1drv.ms/${'a'.repeat(5000)}`, 'shareUrlTooLong'],
    ['1drv.ms/f/s!abc', 'shareUrlInvalid'],
    ['not a url', 'shareUrlInvalid'],
    ['http://1drv.ms/f/s!abc', 'shareUrlNotHttps'],
    ['javascript:alert(1)//1drv.ms', 'shareUrlNotHttps'],
    ['data:text/html,<script>', 'shareUrlNotHttps'],
    ['https://1drv.ms.evil.com/f/s!abc', 'shareUrlHostNotAllowed'],
    ['https://x.1drv.ms/f/s!abc', 'shareUrlHostNotAllowed'],
    ['https://onedrive.live.com.evil.com/', 'shareUrlHostNotAllowed'],
    ['https://contoso.sharepoint.com.evil.com/:f:/s/x', 'shareUrlHostNotAllowed'],
    ['https://evilsharepoint.com/:f:/s/x', 'shareUrlHostNotAllowed'],
    ['https://sharepoint.com/:f:/s/x', 'shareUrlHostNotAllowed'],
    ['https://graph.microsoft.com/v1.0/me/drive', 'shareUrlHostNotAllowed'],
    ['https://api.onedrive.com/v1.0/monitor/1', 'shareUrlHostNotAllowed'],
    ['https://user:pw@contoso.sharepoint.com/:f:/s/x', 'shareUrlHostNotAllowed'],
    ['https://contoso.sharepoint.com:8443/:f:/s/x', 'shareUrlHostNotAllowed'],
    ['https://evil.com/?https://1drv.ms/f/s!abc', 'shareUrlHostNotAllowed'],
  ])('refuses %j with %s', (url, code) => {
    expect(resolveShareRequest(url)).toEqual({ ok: false, code });
  });
});

describe('item, drive and children requests', () => {
  it('driveRequest is GET /me/drive', () => {
    expect(driveRequest()).toEqual({
      method: 'GET',
      url: 'https://graph.microsoft.com/v1.0/me/drive',
      headers: { Accept: 'application/json' },
      body: null,
    });
  });

  it('itemRequest and childrenRequest encode ids into single path segments', () => {
    const item = itemRequest('b!a/b?c#d', 'ABC!123');
    expect(item.url.startsWith('https://graph.microsoft.com/v1.0/drives/b!a%2Fb%3Fc%23d/items/ABC!123?')).toBe(true);
    expect(new URL(item.url).searchParams.get('$select')).toBe(DRIVE_ITEM_SELECT);
    const children = childrenRequest(DRIVE, ITEM);
    expect(pathOf(children)).toBe(`/v1.0/drives/${DRIVE}/items/${ITEM}/children`);
    expect(new URL(children.url).searchParams.get('$top')).toBe('200');
    for (const r of [item, children]) {
      expect(r.method).toBe('GET');
      expect(isGraphUrl(r.url)).toBe(true);
    }
  });

  it('rootChildrenRequest targets a given drive or the user’s own', () => {
    expect(pathOf(rootChildrenRequest(DRIVE))).toBe(`/v1.0/drives/${DRIVE}/root/children`);
    expect(pathOf(rootChildrenRequest())).toBe('/v1.0/me/drive/root/children');
  });

  it.each(['', '.', '..', ' x', 'x\n', 'a\u0000b', 'x'.repeat(513)])('refuses the id %j', (id) => {
    expect(isGraphId(id)).toBe(false);
    expect(() => itemRequest(id, ITEM)).toThrow(RangeError);
    expect(() => childrenRequest(DRIVE, id)).toThrow(RangeError);
  });

  it('nextPageRequest follows Graph links only', () => {
    const next = 'https://graph.microsoft.com/v1.0/drives/x/items/y/children?$skiptoken=abc';
    expect(nextPageRequest(next)?.url).toBe(next);
    expect(nextPageRequest('https://evil.com/v1.0/children')).toBeNull();
    expect(nextPageRequest('https://api.onedrive.com/v1.0/monitor/1')).toBeNull();
  });
});

describe('copyRequest', () => {
  const input: CopyInput = {
    source: { driveId: DRIVE, itemId: ITEM },
    destination: { driveId: 'b!dest', folderId: '01DEST' },
    conflictBehavior: 'rename',
  };

  it('POSTs to /copy with the conflict behaviour as a query parameter, not in the body', () => {
    const built = copyRequest(input);
    if (!built.ok) throw new Error(built.code);
    const { request } = built;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(
      `https://graph.microsoft.com/v1.0/drives/${DRIVE}/items/${ITEM}/copy?@microsoft.graph.conflictBehavior=rename`,
    );
    expect(new URL(request.url).searchParams.get('@microsoft.graph.conflictBehavior')).toBe('rename');
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers).not.toHaveProperty('Authorization');
    expect(JSON.parse(request.body ?? '')).toEqual({ parentReference: { driveId: 'b!dest', id: '01DEST' } });
  });

  it.each(['fail', 'replace', 'rename'] as const)('carries conflictBehavior=%s', (conflictBehavior) => {
    const built = copyRequest({ ...input, conflictBehavior });
    if (!built.ok) throw new Error(built.code);
    expect(new URL(built.request.url).searchParams.get('@microsoft.graph.conflictBehavior')).toBe(conflictBehavior);
    expect(built.request.body).not.toContain('conflictBehavior');
  });

  it('adds a name to the body when given, JSON-escaped', () => {
    const built = copyRequest({ ...input, name: 'Copy of R é\u2028.docx' });
    if (!built.ok) throw new Error(built.code);
    expect(JSON.parse(built.request.body ?? '')).toEqual({
      parentReference: { driveId: 'b!dest', id: '01DEST' },
      name: 'Copy of R é\u2028.docx',
    });
  });

  it('URL-encodes source ids and keeps destination ids in the body as they are', () => {
    const built = copyRequest({
      ...input,
      source: { driveId: 'a/b', itemId: 'c?d=e&f' },
      destination: { driveId: 'x/y', folderId: 'z#1' },
    });
    if (!built.ok) throw new Error(built.code);
    expect(pathOf(built.request)).toBe('/v1.0/drives/a%2Fb/items/c%3Fd%3De%26f/copy');
    expect(JSON.parse(built.request.body ?? '').parentReference).toEqual({ driveId: 'x/y', id: 'z#1' });
  });

  it.each([
    '',
    ' a',
    'a ',
    'a.',
    'a/b',
    'a\\b',
    'a:b',
    'a*b',
    'a?b',
    'a"b',
    'a<b',
    'a>b',
    'a|b',
    'a\tb',
    'x'.repeat(256),
  ])('refuses the name %j', (name) => {
    expect(isValidItemName(name)).toBe(false);
    expect(copyRequest({ ...input, name })).toEqual({ ok: false, code: 'copyNameInvalid' });
  });

  it('throws for unusable ids on either side', () => {
    expect(() => copyRequest({ ...input, source: { driveId: '..', itemId: ITEM } })).toThrow(RangeError);
    expect(() => copyRequest({ ...input, destination: { driveId: 'b!dest', folderId: '' } })).toThrow(RangeError);
  });
});

describe('readDriveItem', () => {
  it('reads a file', () => {
    expect(readDriveItem(driveItem())).toEqual({
      id: ITEM,
      name: 'Report.docx',
      webUrl: 'https://contoso-my.sharepoint.com/personal/u/Documents/Report.docx',
      driveId: DRIVE,
      isFolder: false,
      size: 12345,
    });
  });

  it('reads a folder and leaves out a size that is not a count', () => {
    const item = readDriveItem(driveItem({ folder: { childCount: 3 }, size: -1, file: undefined }));
    expect(item?.isFolder).toBe(true);
    expect(item).not.toHaveProperty('size');
    expect(readDriveItem(driveItem({ size: 1.5 }))).not.toHaveProperty('size');
    expect(readDriveItem(driveItem({ size: '10' }))).not.toHaveProperty('size');
  });

  it('reads a remoteItem entry as the item it points to', () => {
    const entry = {
      id: 'LOCALID',
      name: 'Shared folder',
      webUrl: 'https://contoso-my.sharepoint.com/personal/other/Documents/Shared',
      parentReference: { driveId: 'b!mine' },
      remoteItem: { id: 'REMOTEID', folder: { childCount: 1 }, parentReference: { driveId: 'b!theirs' } },
    };
    expect(readDriveItem(entry)).toEqual({
      id: 'REMOTEID',
      name: 'Shared folder',
      webUrl: 'https://contoso-my.sharepoint.com/personal/other/Documents/Shared',
      driveId: 'b!theirs',
      isFolder: true,
    });
  });

  it.each([
    ['javascript: webUrl', { webUrl: 'javascript:alert(1)' }],
    ['data: webUrl', { webUrl: 'data:text/html,<b>x</b>' }],
    ['http: webUrl', { webUrl: 'http://contoso.sharepoint.com/x' }],
    ['relative webUrl', { webUrl: '/personal/u/x' }],
    ['webUrl with user info', { webUrl: 'https://user:pw@contoso.sharepoint.com/x' }],
    ['huge webUrl', { webUrl: `https://contoso.sharepoint.com/${'a'.repeat(5000)}` }],
    ['missing webUrl', { webUrl: undefined }],
    ['missing id', { id: undefined }],
    ['numeric id', { id: 42 }],
    ['dot-dot id', { id: '..' }],
    ['missing name', { name: '' }],
    ['huge name', { name: 'n'.repeat(401) }],
    ['no driveId', { parentReference: { id: 'x' } }],
    ['parentReference not an object', { parentReference: 'b!x' }],
    ['an error body', { error: { code: 'itemNotFound' } }],
  ])('refuses an item with %s', (_label, over) => {
    expect(readDriveItem(driveItem(over))).toBeNull();
  });

  it.each([null, undefined, 'item', 1, [], [driveItem()]])('refuses %j', (json) => {
    expect(readDriveItem(json)).toBeNull();
  });

  it('normalises a webUrl it accepts', () => {
    expect(readDriveItem(driveItem({ webUrl: 'HTTPS://Contoso.SharePoint.com/a b' }))?.webUrl).toBe(
      'https://contoso.sharepoint.com/a%20b',
    );
  });
});

describe('readChildren', () => {
  it('reads items and a Graph next link, counting skipped entries', () => {
    const nextLink = 'https://graph.microsoft.com/v1.0/drives/x/items/y/children?$skiptoken=abc';
    const page = readChildren({
      value: [driveItem(), driveItem({ id: 'B', webUrl: 'javascript:x' }), 'junk', driveItem({ id: 'C' })],
      '@odata.nextLink': nextLink,
    });
    expect(page?.items.map((i) => i.id)).toEqual([ITEM, 'C']);
    expect(page?.nextLink).toBe(nextLink);
    expect(page?.skipped).toBe(2);
  });

  it('a last page has no next link', () => {
    expect(readChildren({ value: [] })).toEqual({ items: [], nextLink: null, skipped: 0 });
  });

  it.each([
    'https://graph.microsoft.com.evil.com/v1.0/x',
    'http://graph.microsoft.com/v1.0/x',
    'https://user@graph.microsoft.com/v1.0/x',
    'https://contoso.sharepoint.com/_api/v2.0/drives/x',
    '/v1.0/drives/x/children?$skiptoken=1',
    42,
  ])('refuses the page when the next link is %j', (nextLink) => {
    expect(readChildren({ value: [driveItem()], '@odata.nextLink': nextLink })).toBeNull();
  });

  it.each([null, {}, { value: 'x' }, { value: {} }, []])('refuses %j', (json) => {
    expect(readChildren(json)).toBeNull();
  });

  it('reads at most 1000 entries of a page', () => {
    const value = Array.from({ length: 1500 }, (_, i) => driveItem({ id: `I${i}` }));
    const page = readChildren({ value });
    expect(page?.items).toHaveLength(1000);
    expect(page?.skipped).toBe(500);
  });
});

describe('readGraphError', () => {
  it.each([
    [400, { error: { code: 'invalidRequest' } }, 'graphBadRequest'],
    [401, { error: { code: 'InvalidAuthenticationToken' } }, 'graphUnauthorized'],
    [403, { error: { code: 'accessDenied' } }, 'graphForbidden'],
    [404, { error: { code: 'itemNotFound' } }, 'graphNotFound'],
    [410, '', 'graphNotFound'],
    [
      409,
      { error: { code: 'nameAlreadyExists', message: 'The specified item name already exists.' } },
      'graphNameConflict',
    ],
    [400, { error: { code: 'nameAlreadyExists' } }, 'graphNameConflict'],
    [409, '', 'graphNameConflict'],
    [507, { error: { code: 'insufficientStorage' } }, 'graphInsufficientStorage'],
    [403, { error: { code: 'quotaLimitReached' } }, 'graphInsufficientStorage'],
    [429, '', 'graphThrottled'],
    [500, { error: { code: 'generalException' } }, 'graphServerError'],
    [502, '<html>Bad gateway</html>', 'graphServerError'],
    [503, '', 'graphServerError'],
    [504, '', 'graphServerError'],
    [415, '', 'graphBadRequest'],
    [302, '', 'graphBadResponse'],
    [200, '', 'graphBadResponse'],
    [999, '', 'graphBadResponse'],
  ])('%i %j -> %s', (status, body, code) => {
    expect(readGraphError(res(status, body), NOW).code).toBe(code);
  });

  it('null (fetch threw) and status 0 are network errors', () => {
    expect(readGraphError(null, NOW)).toEqual({ kind: 'error', code: 'graphNetwork' });
    expect(readGraphError(res(0), NOW)).toEqual({ kind: 'error', code: 'graphNetwork' });
  });

  it.each([
    [429, '2', 2000],
    [429, '2.128', 2128],
    [429, '315', 315_000],
    [503, '7', 7000],
    [429, 'Sun, 01 Jun 2025 12:00:30 GMT', 30_000],
    [429, 'Sun, 01 Jun 2025 11:00:00 GMT', 0],
    [429, '99999999', 3_600_000],
  ])('%i with Retry-After %j waits %i ms', (status, retryAfter, ms) => {
    expect(readGraphError(res(status, '', { 'Retry-After': retryAfter }), NOW)).toEqual({
      kind: 'error',
      code: 'graphThrottled',
      retryAfterMs: ms,
    });
  });

  it('reads Retry-After whatever the header name’s case, and leaves it out when unreadable', () => {
    expect(readGraphError(res(429, '', { 'retry-after': '1' }), NOW).retryAfterMs).toBe(1000);
    expect(readGraphError(res(429, '', { 'RETRY-AFTER': '1' }), NOW).retryAfterMs).toBe(1000);
    for (const value of ['-5', 'soon', '', null]) {
      const error = readGraphError(res(429, '', { 'Retry-After': value }), NOW);
      expect(error.code).toBe('graphThrottled');
      expect(error).not.toHaveProperty('retryAfterMs');
    }
  });

  it('keeps a plain service code and drops anything else', () => {
    expect(readGraphError(res(403, { error: { code: 'accessDenied' } }), NOW).serviceCode).toBe('accessDenied');
    for (const code of ['<script>', 'a b', 'x'.repeat(101), 42]) {
      expect(readGraphError(res(403, { error: { code } }), NOW)).toEqual({ kind: 'error', code: 'graphForbidden' });
    }
  });

  it('survives huge and garbled bodies', () => {
    const huge = JSON.stringify({ error: { code: 'nameAlreadyExists', pad: 'x'.repeat(MAX_BODY_CHARS) } });
    // Too big to parse: the status alone decides.
    expect(readGraphError(res(400, huge), NOW)).toEqual({ kind: 'error', code: 'graphBadRequest' });
    for (const body of ['{', '\u0000\uffff', 'null', '[{"error":1}]', '{"error":"nameAlreadyExists"}']) {
      expect(readGraphError(res(400, body), NOW)).toEqual({ kind: 'error', code: 'graphBadRequest' });
    }
  });

  it('every code it can give is a listed locale key', () => {
    const seen = new Set(
      [null, ...[200, 400, 401, 403, 404, 409, 429, 500, 507].map((s) => res(s))].map(
        (r) => readGraphError(r, NOW).code,
      ),
    );
    for (const code of seen) expect(GRAPH_ERROR_CODES).toContain(code);
    expect(seen.size).toBe(GRAPH_ERROR_CODES.length);
  });
});

describe('readCopyResponse', () => {
  it.each([
    'https://api.onedrive.com/v1.0/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717',
    'https://contoso-my.sharepoint.com/personal/u/_api/v2.1/drive/operations/7f0a?c=1&v=2.0&tempauth=eyJ0',
    'https://contoso.sharepoint.com/_api/v2.0/monitor/4A3407B5',
    // A copy that finished at once: the "monitor" is the new item on Graph.
    'https://graph.microsoft.com/v1.0/drives/x/items/y',
  ])('202 with Location %s is accepted', (location) => {
    expect(readCopyResponse(res(202, '', { Location: location }), NOW)).toEqual({
      kind: 'accepted',
      monitorUrl: location,
    });
  });

  it('reads the Location header whatever its case and drops a fragment', () => {
    const url = 'https://api.onedrive.com/v1.0/monitor/ABC';
    expect(readCopyResponse(res(202, '', { location: `${url}#frag` }), NOW)).toEqual({
      kind: 'accepted',
      monitorUrl: url,
    });
  });

  it.each([
    ['no Location', {}],
    ['a null Location', { Location: null }],
    ['an empty Location', { Location: '' }],
    ['a relative Location', { Location: '/v1.0/monitor/1' }],
    ['a non-monitor host', { Location: 'https://evil.com/v1.0/monitor/1' }],
    ['a lookalike host', { Location: 'https://api.onedrive.com.evil.com/v1.0/monitor/1' }],
    ['http:', { Location: 'http://api.onedrive.com/v1.0/monitor/1' }],
    ['user info', { Location: 'https://u:p@api.onedrive.com/v1.0/monitor/1' }],
    ['javascript:', { Location: 'javascript:alert(1)' }],
    ['a port', { Location: 'https://api.onedrive.com:444/v1.0/monitor/1' }],
  ])('202 with %s is a bad response', (_label, headers) => {
    expect(readCopyResponse(res(202, '', headers), NOW)).toEqual({ kind: 'error', code: 'graphBadResponse' });
  });

  it.each([200, 201])('%i with a driveItem completed synchronously', (status) => {
    expect(readCopyResponse(res(status, driveItem()), NOW)).toEqual({
      kind: 'completedSynchronously',
      item: readDriveItem(driveItem()),
    });
  });

  it.each(['', '{}', 'garbage', JSON.stringify(driveItem({ webUrl: 'javascript:alert(1)' }))])(
    '200 with %j is a bad response',
    (body) => {
      expect(readCopyResponse(res(200, body), NOW)).toEqual({ kind: 'error', code: 'graphBadResponse' });
    },
  );

  it('maps failures through readGraphError', () => {
    expect(readCopyResponse(null, NOW)).toEqual({ kind: 'error', code: 'graphNetwork' });
    expect(readCopyResponse(res(409, { error: { code: 'nameAlreadyExists' } }), NOW)).toEqual({
      kind: 'error',
      code: 'graphNameConflict',
      serviceCode: 'nameAlreadyExists',
    });
    expect(readCopyResponse(res(429, '', { 'Retry-After': '2.128' }), NOW)).toEqual({
      kind: 'error',
      code: 'graphThrottled',
      retryAfterMs: 2128,
    });
    expect(readCopyResponse(res(401, ''), NOW).kind).toBe('error');
  });
});

describe('readItemResponse, readChildrenResponse, readDriveResponse', () => {
  it('read the success shapes', () => {
    expect(readItemResponse(res(200, driveItem()), NOW)).toEqual({ kind: 'item', item: readDriveItem(driveItem()) });
    expect(readChildrenResponse(res(200, { value: [driveItem()] }), NOW)).toEqual({
      kind: 'page',
      items: [readDriveItem(driveItem())],
      nextLink: null,
      skipped: 0,
    });
    expect(readDriveResponse(res(200, { id: DRIVE, driveType: 'business' }), NOW)).toEqual({
      kind: 'drive',
      driveId: DRIVE,
    });
  });

  it('turn bad 200 bodies into graphBadResponse', () => {
    const bad = { kind: 'error', code: 'graphBadResponse' };
    expect(readItemResponse(res(200, 'x'), NOW)).toEqual(bad);
    expect(readChildrenResponse(res(200, { value: [], '@odata.nextLink': 'https://evil.com/' }), NOW)).toEqual(bad);
    expect(readDriveResponse(res(200, { id: '..' }), NOW)).toEqual(bad);
    expect(readDriveResponse(res(200, '[]'), NOW)).toEqual(bad);
  });

  it('map errors', () => {
    expect(readItemResponse(res(404, { error: { code: 'itemNotFound' } }), NOW)).toMatchObject({
      code: 'graphNotFound',
    });
    expect(readChildrenResponse(res(403, ''), NOW)).toEqual({ kind: 'error', code: 'graphForbidden' });
    expect(readDriveResponse(null, NOW)).toEqual({ kind: 'error', code: 'graphNetwork' });
    // A 202 or 201 where a plain read was expected is not success.
    expect(readItemResponse(res(202, driveItem()), NOW)).toEqual({ kind: 'error', code: 'graphBadResponse' });
  });
});
