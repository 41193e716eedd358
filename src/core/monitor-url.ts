import type { ErrorCode } from './messages';

/**
 * Hosts that serve OneDrive/SharePoint copy monitors (monitor-api.md). Matched on the parsed
 * host, exactly or as a dot-suffix, never on the path: Business monitors live under
 * `/_api/v2.1/drive/operations/`, with no `/monitor/` in sight.
 * Keep in step with `host_permissions` in manifest.json (a test checks it).
 */
export const MONITOR_HOSTS: readonly { host: string; subdomains: boolean }[] = [
  { host: 'api.onedrive.com', subdomains: false },
  { host: 'graph.microsoft.com', subdomains: false },
  { host: 'sharepoint.com', subdomains: true },
];

export function isMonitorHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return MONITOR_HOSTS.some((rule) =>
    rule.subdomains ? host.endsWith(`.${rule.host}`) && host.length > rule.host.length + 1 : host === rule.host,
  );
}

export type MonitorUrlCheck = { ok: true; url: string; host: string; shortId: string } | { ok: false; code: ErrorCode };

/** Validates a pasted monitor URL. Pure: the "already tracked" check takes the known URLs. */
export function checkMonitorUrl(input: string, trackedUrls: Iterable<string> = []): MonitorUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, code: 'urlEmpty' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'urlInvalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, code: 'urlNotHttps' };
  if (url.username !== '' || url.password !== '') return { ok: false, code: 'urlHasUserInfo' };
  // A non-default port means this is not the Microsoft service, whatever the name says.
  if (url.port !== '' || !isMonitorHost(url.hostname)) return { ok: false, code: 'urlHostNotAllowed' };
  url.hash = '';
  const normalised = url.href;
  for (const known of trackedUrls) {
    if (sameMonitor(known, normalised)) return { ok: false, code: 'urlAlreadyTracked' };
  }
  return { ok: true, url: normalised, host: url.hostname, shortId: shortIdOf(url) };
}

function sameMonitor(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return a === b;
  }
}

/**
 * A short tag that tells jobs apart without revealing the secret: the first characters of
 * a hash of the whole URL. The opaque path segment itself can carry credentials, so it is
 * never shown.
 */
export function shortIdOf(url: URL | string): string {
  const text = typeof url === 'string' ? url : url.href;
  // FNV-1a 32-bit: tiny, synchronous, stable across browsers. Not a security measure,
  // just a label that does not leak the link.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0').slice(-6);
}
