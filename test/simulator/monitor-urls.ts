import { randomBytes, randomUUID } from 'node:crypto';
import type { MonitorHostKind } from './scenario';

/**
 * The monitor and item URL shapes Microsoft hands out (monitor-api.md), and the reverse: which
 * job a request path belongs to. Routing looks at the path only, never the Host header, because
 * browsers reach the simulator under the real Microsoft host names.
 */

export interface MonitorAddress {
  /** Host name as it appears in the URL (port 443 implied; the browser mapping adds the real port). */
  hostName: string;
  /** The secret path token that identifies the job. */
  key: string;
  monitorUrl: string;
  /** Only Business URLs carry one; a request without the right one is refused like the real thing. */
  tempauth: string | null;
  /** Path of the copied item on the same host; answers 401 because no credentials are sent. */
  itemPath: string;
  itemId: string;
}

const b64url = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** OneDrive item ids look like "01" followed by 32 upper-case base32-ish characters. */
function newItemId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `01${[...randomBytes(32)].map((b) => alphabet[b % 32]).join('')}`;
}

/** A JWT-looking token; only its exact value matters to the simulator. */
function fakeTempauth(): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `v1.${part({ aud: '00000003-0000-0ff1-ce00-000000000000/contoso-my.sharepoint.com', exp: 0 })}.${b64url(32)}`;
}

export function newMonitorAddress(kind: MonitorHostKind, tenant: string): MonitorAddress {
  const itemId = newItemId();
  switch (kind) {
    case 'personal': {
      const key = b64url(24);
      return {
        hostName: 'api.onedrive.com',
        key,
        monitorUrl: `https://api.onedrive.com/v1.0/monitor/${key}`,
        tempauth: null,
        itemPath: `/v1.0/drives/d1/items/${itemId}`,
        itemId,
      };
    }
    case 'graph': {
      const key = randomUUID();
      return {
        hostName: 'graph.microsoft.com',
        key,
        monitorUrl: `https://graph.microsoft.com/v1.0/monitor/${key}`,
        tempauth: null,
        itemPath: `/v1.0/drives/d1/items/${itemId}`,
        itemId,
      };
    }
    case 'sharepoint': {
      const key = randomUUID();
      const hostName = `${tenant}.sharepoint.com`;
      return {
        hostName,
        key,
        monitorUrl: `https://${hostName}/_api/v2.0/monitor/${key}`,
        tempauth: null,
        itemPath: `/_api/v2.0/drives/d1/items/${itemId}`,
        itemId,
      };
    }
    case 'business': {
      const key = randomUUID();
      const hostName = `${tenant}-my.sharepoint.com`;
      const user = `user_${tenant}_com`;
      const tempauth = fakeTempauth();
      // `c` carries a queue SAS in the real thing: opaque base64.
      const c = Buffer.from(`queue=https://${tenant}.queue.core.windows.net/q?sig=${b64url(12)}`).toString('base64');
      const query = new URLSearchParams({ c, v: '2.0', tempauth });
      return {
        hostName,
        key,
        monitorUrl: `https://${hostName}/personal/${user}/_api/v2.1/drive/operations/${key}?${query}`,
        tempauth,
        itemPath: `/personal/${user}/_api/v2.1/drives/d1/items/${itemId}`,
        itemId,
      };
    }
  }
}

export type Route =
  | { kind: 'control'; rest: string }
  | { kind: 'monitor'; key: string }
  | { kind: 'item'; itemId: string }
  | { kind: 'other' };

export const CONTROL_PREFIX = '/__sim/';

export function routeOf(pathname: string): Route {
  if (pathname.startsWith(CONTROL_PREFIX)) return { kind: 'control', rest: pathname.slice(CONTROL_PREFIX.length) };
  const item = /\/drives\/[^/]+\/items\/([^/]+)$/.exec(pathname);
  if (item?.[1]) return { kind: 'item', itemId: decodeURIComponent(item[1]) };
  // /v1.0/monitor/<key>, /_api/v2.0/monitor/<key>, /personal/<u>/_api/v2.1/drive/operations/<key>
  const monitor = /\/(?:monitor|drive\/operations)\/([^/]+)$/.exec(pathname);
  if (monitor?.[1]) return { kind: 'monitor', key: decodeURIComponent(monitor[1]) };
  return { kind: 'other' };
}
