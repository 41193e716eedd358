import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MONITOR_HOSTS, checkMonitorUrl, isMonitorHost, shortIdOf } from '../../src/core/monitor-url';

describe('checkMonitorUrl', () => {
  it.each([
    'https://api.onedrive.com/v1.0/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717',
    'https://contoso.sharepoint.com/_api/v2.0/monitor/4A3407B5',
    'https://contoso-my.sharepoint.com/personal/user_contoso_com/_api/v2.1/drive/operations/7f0a?c=abc&v=2.0&tempauth=eyJ0',
    'https://graph.microsoft.com/v1.0/drives/x/operations/1',
    'HTTPS://Contoso.SharePoint.com/_api/v2.0/monitor/1',
    'https://contoso.sharepoint.com./_api/v2.0/monitor/1',
  ])('accepts %s', (url) => {
    const result = checkMonitorUrl(url);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['', 'urlEmpty'],
    ['   ', 'urlEmpty'],
    ['not a url', 'urlInvalid'],
    ['http://api.onedrive.com/v1.0/monitor/1', 'urlNotHttps'],
    ['javascript:alert(1)', 'urlNotHttps'],
    ['ftp://api.onedrive.com/x', 'urlNotHttps'],
    ['https://user:pw@api.onedrive.com/v1.0/monitor/1', 'urlHasUserInfo'],
    ['https://user@contoso.sharepoint.com/_api/v2.0/monitor/1', 'urlHasUserInfo'],
    ['https://evil.com/api.onedrive.com/monitor', 'urlHostNotAllowed'],
    ['https://sharepoint.com/_api/v2.0/monitor/1', 'urlHostNotAllowed'],
    ['https://evilsharepoint.com/_api/v2.0/monitor/1', 'urlHostNotAllowed'],
    ['https://contoso.sharepoint.com.evil.com/_api/v2.0/monitor/1', 'urlHostNotAllowed'],
    ['https://api.onedrive.com.evil.com/v1.0/monitor/1', 'urlHostNotAllowed'],
    ['https://x.api.onedrive.com/v1.0/monitor/1', 'urlHostNotAllowed'],
    ['https://graph.microsoft.com:8443/v1.0/monitor/1', 'urlHostNotAllowed'],
    ['https://127.0.0.1/_api/v2.0/monitor/1', 'urlHostNotAllowed'],
  ])('rejects %j with %s', (url, code) => {
    expect(checkMonitorUrl(url)).toEqual({ ok: false, code });
  });

  it('refuses a URL already tracked (ignoring the fragment)', () => {
    const url = 'https://api.onedrive.com/v1.0/monitor/ABC';
    expect(checkMonitorUrl(`${url}#x`, [url])).toEqual({ ok: false, code: 'urlAlreadyTracked' });
    expect(checkMonitorUrl('https://api.onedrive.com/v1.0/monitor/ABD', [url]).ok).toBe(true);
  });

  it('gives host and a short id that does not reveal the link', () => {
    const url = 'https://contoso-my.sharepoint.com/personal/u/_api/v2.1/drive/operations/7f0a?tempauth=SECRET';
    const result = checkMonitorUrl(url);
    if (!result.ok) throw new Error('expected ok');
    expect(result.host).toBe('contoso-my.sharepoint.com');
    expect(result.shortId).toMatch(/^[0-9a-z]{6}$/);
    expect(url).not.toContain(result.shortId);
    expect(shortIdOf(url)).toBe(result.shortId);
    expect(shortIdOf(`${url}x`)).not.toBe(result.shortId);
  });

  it('isMonitorHost matches exact hosts and dot-suffixes only', () => {
    expect(isMonitorHost('api.onedrive.com')).toBe(true);
    expect(isMonitorHost('a.b.sharepoint.com')).toBe(true);
    expect(isMonitorHost('xsharepoint.com')).toBe(false);
  });

  it('allows exactly the hosts the manifest asks permission for', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../manifest.json'), 'utf8')) as {
      host_permissions: string[];
    };
    const fromRules = MONITOR_HOSTS.map((rule) => `https://${rule.subdomains ? '*.' : ''}${rule.host}/*`).sort();
    expect([...manifest.host_permissions].sort()).toEqual(fromRules);
  });
});
