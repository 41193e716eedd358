// Codes and the name rule live in graph-codes.ts, which pages load without these builders.
import { MAX_SHARE_URL_LENGTH, isValidItemName, type GraphErrorCode, type GraphInputErrorCode } from './graph-codes';
import { checkMonitorUrl } from './monitor-url';
import { parseRetryAfter } from './retry-after';

/**
 * Microsoft Graph requests as plain data, and readers for the plain responses. No fetch and no
 * token here: the caller sends the request, adding `Authorization` only through `withBearer`,
 * which refuses every URL but Graph's own (monitor URLs must never see a token).
 */
export const GRAPH_ORIGIN = 'https://graph.microsoft.com';
const GRAPH_HOST = 'graph.microsoft.com';

export interface GraphRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** JSON text for POST, null for GET. */
  body: string | null;
}

/** A response reduced to plain data. Header names are matched case-insensitively. */
export interface GraphResponse {
  status: number;
  headers: Readonly<Record<string, string | null>>;
  body: string;
}

export type GraphError = {
  kind: 'error';
  code: GraphErrorCode;
  /** Wait before the next Graph request, when the service said (Retry-After). */
  retryAfterMs?: number;
  /** The service's own `error.code` (e.g. `accessDenied`), when it is a plain identifier. */
  serviceCode?: string;
};

export type BuiltRequest = { ok: true; request: GraphRequest } | { ok: false; code: GraphInputErrorCode };

// ---------------------------------------------------------------------------------------------
// Where a token may go

/** https, host exactly graph.microsoft.com, default port, no user info. The only token target. */
export function isGraphUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.hostname === GRAPH_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The request with a bearer token, or null when the URL is not Graph's or the token is unusable. */
export function withBearer(request: GraphRequest, accessToken: string): GraphRequest | null {
  if (!isGraphUrl(request.url) || !/^[\x21-\x7e]+$/.test(accessToken)) return null;
  return { ...request, headers: { ...request.headers, Authorization: `Bearer ${accessToken}` } };
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Fields every item reader below needs; keeps pages small. */
export const DRIVE_ITEM_SELECT = 'id,name,webUrl,size,folder,file,parentReference,remoteItem';
export const CHILDREN_PAGE_SIZE = 200;

const MAX_ID_LENGTH = 512;

/**
 * A drive or item id as Graph hands them out (`b!…`, `01ABC…`, `1234ABCD!123`). Refuses what
 * could escape its path segment once encoded: dot segments (`%2e%2e` is `..` to a URL parser),
 * control characters, blanks.
 */
export function isGraphId(text: string): boolean {
  return (
    text.length > 0 &&
    text.length <= MAX_ID_LENGTH &&
    text.trim() === text &&
    !/^\.{1,2}$/.test(text) &&
    !/[\x00-\x1f\x7f]/.test(text)
  );
}

function segment(id: string): string {
  if (!isGraphId(id)) throw new RangeError('invalid Graph id');
  return encodeURIComponent(id);
}

function get(path: string, query: Record<string, string> = {}): GraphRequest {
  return { method: 'GET', url: graphUrl(path, query), headers: { Accept: 'application/json' }, body: null };
}

function graphUrl(path: string, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([key, value]) => `${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`)
    .join('&');
  return `${GRAPH_ORIGIN}/v1.0${path}${search === '' ? '' : `?${search}`}`;
}

const selectItem = { $select: DRIVE_ITEM_SELECT };
const pageQuery = { $select: DRIVE_ITEM_SELECT, $top: String(CHILDREN_PAGE_SIZE) };

/** The signed-in user's own drive (`id` is the destination drive id). */
export const driveRequest = (): GraphRequest => get('/me/drive');

/** The root folder of the signed-in user's own drive (its id names "My files" as a destination). */
export const rootItemRequest = (): GraphRequest => get('/me/drive/root', selectItem);

/** An item of the signed-in user's own drive, by id alone (a pasted job may give no drive id). */
export const myItemRequest = (itemId: string): GraphRequest => get(`/me/drive/items/${segment(itemId)}`, selectItem);

/** Throws RangeError for ids `isGraphId` refuses (they come from Graph, not the user). */
export const itemRequest = (driveId: string, itemId: string): GraphRequest =>
  get(`/drives/${segment(driveId)}/items/${segment(itemId)}`, selectItem);

export const childrenRequest = (driveId: string, itemId: string): GraphRequest =>
  get(`/drives/${segment(driveId)}/items/${segment(itemId)}/children`, pageQuery);

/** Root folder's children of a drive, or of the user's own drive when no id is given. */
export const rootChildrenRequest = (driveId?: string): GraphRequest =>
  get(driveId === undefined ? '/me/drive/root/children' : `/drives/${segment(driveId)}/root/children`, pageQuery);

/** The next page of a listing; null unless the link is on Graph (see `readChildren`). */
export function nextPageRequest(nextLink: string): GraphRequest | null {
  return isGraphUrl(nextLink)
    ? { method: 'GET', url: nextLink, headers: { Accept: 'application/json' }, body: null }
    : null;
}

const SHARE_HOSTS: readonly { host: string; subdomains: boolean }[] = [
  { host: '1drv.ms', subdomains: false },
  { host: 'onedrive.live.com', subdomains: false },
  // Team sites (contoso.sharepoint.com) and OneDrive for Business (contoso-my.sharepoint.com).
  { host: 'sharepoint.com', subdomains: true },
];

export function isShareHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return SHARE_HOSTS.some((rule) =>
    rule.subdomains ? host.endsWith(`.${rule.host}`) && host.length > rule.host.length + 1 : host === rule.host,
  );
}

/** `u!` + unpadded base64url of the UTF-8 URL, as Graph's `/shares/{id}` wants it. */
export function encodeSharingUrl(url: string): string {
  const bytes = new TextEncoder().encode(url);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `u!${btoa(binary).replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
}

/**
 * GET `/shares/{encoded}/driveItem` for a OneDrive or SharePoint sharing link or item URL the
 * user pasted. The link is encoded as typed (trimmed): re-serialising it could change what
 * the service matches.
 */
export function resolveShareRequest(sharingUrl: string): BuiltRequest {
  const text = sharingUrl.trim();
  if (text === '') return { ok: false, code: 'shareUrlEmpty' };
  if (text.length > MAX_SHARE_URL_LENGTH) return { ok: false, code: 'shareUrlTooLong' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'shareUrlInvalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, code: 'shareUrlNotHttps' };
  if (url.username !== '' || url.password !== '' || url.port !== '' || !isShareHost(url.hostname)) {
    return { ok: false, code: 'shareUrlHostNotAllowed' };
  }
  return { ok: true, request: get(`/shares/${encodeSharingUrl(text)}/driveItem`, selectItem) };
}

export type ConflictBehavior = 'fail' | 'replace' | 'rename';

export interface CopyInput {
  source: { driveId: string; itemId: string };
  destination: { driveId: string; folderId: string };
  /** New name for the copy; the source's name when absent. */
  name?: string;
  conflictBehavior: ConflictBehavior;
}

/**
 * POST `/drives/{d}/items/{id}/copy?@microsoft.graph.conflictBehavior=…`. The conflict
 * behaviour only works as a query parameter (in the body it is ignored), so the body holds
 * just the destination and the optional name. Answers 202 with a monitor URL in `Location`.
 * Throws RangeError for ids `isGraphId` refuses.
 */
export function copyRequest(input: CopyInput): BuiltRequest {
  if (input.name !== undefined && !isValidItemName(input.name)) return { ok: false, code: 'copyNameInvalid' };
  if (!isGraphId(input.destination.driveId) || !isGraphId(input.destination.folderId)) {
    throw new RangeError('invalid Graph id');
  }
  const path = `/drives/${segment(input.source.driveId)}/items/${segment(input.source.itemId)}/copy`;
  const body: { parentReference: { driveId: string; id: string }; name?: string } = {
    parentReference: { driveId: input.destination.driveId, id: input.destination.folderId },
  };
  if (input.name !== undefined) body.name = input.name;
  return {
    ok: true,
    request: {
      method: 'POST',
      url: graphUrl(path, { '@microsoft.graph.conflictBehavior': input.conflictBehavior }),
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Responses

/** Bodies past this are not parsed (a children page with `$select` is far smaller). */
export const MAX_BODY_CHARS = 4_000_000;
export const MAX_NAME_CHARS = 400;
export const MAX_WEB_URL_CHARS = 4096;

export interface DriveItem {
  id: string;
  name: string;
  /** https only: what "open" leads to. */
  webUrl: string;
  driveId: string;
  isFolder: boolean;
  size?: number;
}

export function header(res: GraphResponse, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(res.headers)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return null;
}

/** Parses a JSON body; null for blank, oversized or malformed text. */
export function parseJsonBody(text: string): unknown {
  if (text.length > MAX_BODY_CHARS || text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (record: Record<string, unknown>, key: string): string | null => {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : null;
};

function httpsUrl(text: string | null): string | null {
  if (text === null || text.length > MAX_WEB_URL_CHARS) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A driveItem reduced to what the extension uses, or null when any of it is missing or
 * unsafe. An entry that points at another drive (`remoteItem`, e.g. a folder shared with the
 * user) is read as the remote item, since that is what a copy must name.
 */
export function readDriveItem(json: unknown): DriveItem | null {
  if (!isRecord(json) || 'error' in json) return null;
  const remote = isRecord(json['remoteItem']) ? json['remoteItem'] : null;
  const target = remote ?? json;
  const parent = isRecord(target['parentReference']) ? target['parentReference'] : {};
  const id = str(target, 'id');
  const driveId = str(parent, 'driveId');
  const name = str(json, 'name') ?? str(target, 'name');
  const webUrl = httpsUrl(str(json, 'webUrl') ?? str(target, 'webUrl'));
  if (id === null || driveId === null || name === null || webUrl === null) return null;
  if (!isGraphId(id) || !isGraphId(driveId) || name.length > MAX_NAME_CHARS) return null;
  const item: DriveItem = { id, name, webUrl, driveId, isFolder: isRecord(target['folder']) };
  const size = target['size'] ?? json['size'];
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) item.size = size;
  return item;
}

export interface ChildrenPage {
  items: DriveItem[];
  /** Graph URL of the next page, or null on the last one. */
  nextLink: string | null;
  /** Entries left out because they did not read as a drive item. */
  skipped: number;
}

export const MAX_PAGE_ITEMS = 1000;

/** A children page; null when `value` is not a list or a next link points anywhere but Graph. */
export function readChildren(json: unknown): ChildrenPage | null {
  if (!isRecord(json) || !Array.isArray(json['value'])) return null;
  const rawNext = json['@odata.nextLink'];
  let nextLink: string | null = null;
  if (rawNext !== undefined && rawNext !== null) {
    if (typeof rawNext !== 'string' || !isGraphUrl(rawNext)) return null;
    nextLink = rawNext;
  }
  const entries: unknown[] = json['value'].slice(0, MAX_PAGE_ITEMS);
  const items: DriveItem[] = [];
  for (const entry of entries) {
    const item = readDriveItem(entry);
    if (item !== null) items.push(item);
  }
  return { items, nextLink, skipped: json['value'].length - items.length };
}

/**
 * Maps a failed response (or `null`: the fetch threw) to an error code. Retry-After is
 * honoured whenever it is readable, not only on 429.
 */
export function readGraphError(res: GraphResponse | null, now: number): GraphError {
  if (res === null || res.status === 0) return { kind: 'error', code: 'graphNetwork' };
  const { status } = res;
  const retryAfter = parseRetryAfter(header(res, 'retry-after'), now);
  const json = parseJsonBody(res.body);
  const error = isRecord(json) && isRecord(json['error']) ? json['error'] : null;
  const rawCode = error === null ? null : str(error, 'code');
  const serviceCode = rawCode !== null && /^[A-Za-z0-9_.-]{1,100}$/.test(rawCode) ? rawCode : null;
  const lower = serviceCode?.toLowerCase() ?? '';

  let code: GraphErrorCode;
  if (status === 429 || (status === 503 && retryAfter !== null)) code = 'graphThrottled';
  else if (lower === 'namealreadyexists' || status === 409) code = 'graphNameConflict';
  else if (status === 507 || lower === 'insufficientstorage' || lower === 'quotalimitreached')
    code = 'graphInsufficientStorage';
  else if (status === 401) code = 'graphUnauthorized';
  else if (status === 403) code = 'graphForbidden';
  else if (status === 404 || status === 410) code = 'graphNotFound';
  else if (status >= 500 && status < 600) code = 'graphServerError';
  else if (status >= 400 && status < 500) code = 'graphBadRequest';
  else code = 'graphBadResponse';

  const result: GraphError = { kind: 'error', code };
  if (retryAfter !== null) result.retryAfterMs = retryAfter;
  if (serviceCode !== null) result.serviceCode = serviceCode;
  return result;
}

export type CopyStart =
  { kind: 'accepted'; monitorUrl: string } | { kind: 'completedSynchronously'; item: DriveItem } | GraphError;

/**
 * The answer to `copyRequest`. 202 + a `Location` on a monitor host starts tracking (the URL
 * is a secret: never log it); 200/201 with the new item means it is already done.
 */
export function readCopyResponse(res: GraphResponse | null, now: number): CopyStart {
  if (res === null || res.status === 0) return readGraphError(res, now);
  if (res.status === 202) {
    const location = header(res, 'location');
    const checked = location === null ? null : checkMonitorUrl(location);
    return checked !== null && checked.ok
      ? { kind: 'accepted', monitorUrl: checked.url }
      : { kind: 'error', code: 'graphBadResponse' };
  }
  if (res.status === 200 || res.status === 201) {
    const item = readDriveItem(parseJsonBody(res.body));
    return item === null ? { kind: 'error', code: 'graphBadResponse' } : { kind: 'completedSynchronously', item };
  }
  return readGraphError(res, now);
}

/** The answer to `itemRequest`, `resolveShareRequest` or `driveRequest`-style single items. */
export function readItemResponse(
  res: GraphResponse | null,
  now: number,
): { kind: 'item'; item: DriveItem } | GraphError {
  if (res === null || res.status !== 200) return readGraphError(res, now);
  const item = readDriveItem(parseJsonBody(res.body));
  return item === null ? { kind: 'error', code: 'graphBadResponse' } : { kind: 'item', item };
}

/** The answer to `childrenRequest`, `rootChildrenRequest` or `nextPageRequest`. */
export function readChildrenResponse(
  res: GraphResponse | null,
  now: number,
): ({ kind: 'page' } & ChildrenPage) | GraphError {
  if (res === null || res.status !== 200) return readGraphError(res, now);
  const page = readChildren(parseJsonBody(res.body));
  return page === null ? { kind: 'error', code: 'graphBadResponse' } : { kind: 'page', ...page };
}

/** The answer to `driveRequest`: the user's drive id (the default copy destination). */
export function readDriveResponse(
  res: GraphResponse | null,
  now: number,
): { kind: 'drive'; driveId: string } | GraphError {
  if (res === null || res.status !== 200) return readGraphError(res, now);
  const json = parseJsonBody(res.body);
  const id = isRecord(json) ? str(json, 'id') : null;
  return id !== null && isGraphId(id) ? { kind: 'drive', driveId: id } : { kind: 'error', code: 'graphBadResponse' };
}
