import { z } from 'zod/mini';

/**
 * The extension's settings, stored as one record under `settings` in `storage.local`.
 * Plain JSON, versioned like jobs (`v`). Read with `readSettings`, which never throws: a
 * tampered or half-written record is repaired field by field with defaults.
 */
export const SETTINGS_KEY = 'settings';
export const SETTINGS_SCHEMA_VERSION = 1;

export const TENANT_ALIASES = ['common', 'organizations', 'consumers'] as const;
export type TenantAlias = (typeof TENANT_ALIASES)[number];
export const DEFAULT_TENANT: TenantAlias = 'common';

/** The only authority host: the global Microsoft identity platform (national clouds are not supported). */
export const AUTHORITY_ORIGIN = 'https://login.microsoftonline.com';

/** Error codes double as locale message keys (like `ERROR_CODES` in messages.ts). */
export const SETTINGS_ERROR_CODES = ['settingsClientIdInvalid', 'settingsTenantInvalid'] as const;
export type SettingsErrorCode = (typeof SETTINGS_ERROR_CODES)[number];

export type Validated<T> = { ok: true; value: T } | { ok: false; code: SettingsErrorCode };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// One DNS label: letters, digits, inner hyphens, 1-63 characters.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A top-level domain: letters only (so no IP address passes), or an IDN `xn--` label.
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export const isGuid = (text: string): boolean => GUID.test(text);

/**
 * An Entra application (client) id: a GUID, case-insensitive, stored lower-case.
 * Blank means "not configured" and gives `null`.
 */
export function validateClientId(text: string): Validated<string | null> {
  const value = text.trim().toLowerCase();
  if (value === '') return { ok: true, value: null };
  return isGuid(value) ? { ok: true, value } : { ok: false, code: 'settingsClientIdInvalid' };
}

/**
 * `common` | `organizations` | `consumers` | a tenant GUID | a verified domain
 * (`contoso.onmicrosoft.com`, `contoso.com`). Stored lower-case. Strict on shape because the
 * value becomes a path segment of the authority URL: no slashes, dots at the ends, ports,
 * IP addresses or single-label names. Blank means the default, `common`.
 */
export function validateTenant(text: string): Validated<string> {
  const value = text.trim().toLowerCase();
  if (value === '') return { ok: true, value: DEFAULT_TENANT };
  if ((TENANT_ALIASES as readonly string[]).includes(value) || isGuid(value)) return { ok: true, value };
  return isDomain(value) ? { ok: true, value } : { ok: false, code: 'settingsTenantInvalid' };
}

function isDomain(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1] ?? '';
  return labels.every((label) => LABEL.test(label)) && TLD.test(tld);
}

/** True when `text` is a tenant exactly as `validateTenant` would store it. */
const isCanonicalTenant = (text: string): boolean => {
  const checked = validateTenant(text);
  return checked.ok && checked.value === text;
};

export const NotifyOnSchema = z.object({
  completed: z.boolean(),
  failed: z.boolean(),
  expired: z.boolean(),
});
export type NotifyOn = z.infer<typeof NotifyOnSchema>;

export const SettingsSchema = z.object({
  v: z.literal(SETTINGS_SCHEMA_VERSION),
  /** Entra application id (lower-case GUID); null until the user configures one. */
  clientId: z.nullable(z.string().check(z.refine(isGuid))),
  /** Lower-case tenant alias, GUID or verified domain. */
  tenant: z.string().check(z.refine(isCanonicalTenant)),
  /** Opt-in to `Files.ReadWrite.All` (libraries shared with the user, SharePoint sites). */
  useAllFilesScope: z.boolean(),
  /** Which outcomes raise a desktop notification (cancelled never does). */
  notifyOn: NotifyOnSchema,
  /** Keep polling active jobs while the popup is closed (alarms); false polls only while it is open. */
  pollWhilePopupClosed: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return {
    v: SETTINGS_SCHEMA_VERSION,
    clientId: null,
    tenant: DEFAULT_TENANT,
    useAllFilesScope: false,
    notifyOn: { completed: true, failed: true, expired: true },
    pollWhilePopupClosed: true,
  };
}

export interface SettingsReadResult {
  settings: Settings;
  /**
   * True when something was stored but differed from the returned settings (a bad field
   * replaced by its default, a value normalised, an unknown key dropped, another version):
   * the caller should write `settings` back. False for a valid record and for nothing stored.
   */
  repaired: boolean;
}

/** Reads the stored record field by field. Never throws. */
export function readSettings(raw: unknown): SettingsReadResult {
  if (raw === undefined) return { settings: defaultSettings(), repaired: false };
  try {
    return repair(raw);
  } catch {
    // Only a hostile object (throwing getter, proxy) gets here; storage gives plain data.
    return { settings: defaultSettings(), repaired: true };
  }
}

function repair(raw: unknown): SettingsReadResult {
  const record = isRecord(raw) ? raw : {};
  const defaults = defaultSettings();
  const notifyRaw = isRecord(record['notifyOn']) ? record['notifyOn'] : {};

  const settings: Settings = {
    v: SETTINGS_SCHEMA_VERSION,
    clientId: readClientId(record['clientId']),
    tenant: readTenant(record['tenant']),
    useAllFilesScope: readBoolean(record['useAllFilesScope'], defaults.useAllFilesScope),
    notifyOn: {
      completed: readBoolean(notifyRaw['completed'], defaults.notifyOn.completed),
      failed: readBoolean(notifyRaw['failed'], defaults.notifyOn.failed),
      expired: readBoolean(notifyRaw['expired'], defaults.notifyOn.expired),
    },
    pollWhilePopupClosed: readBoolean(record['pollWhilePopupClosed'], defaults.pollWhilePopupClosed),
  };
  return { settings, repaired: !sameJson(raw, settings) };
}

function readClientId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const checked = validateClientId(value);
  return checked.ok ? checked.value : null;
}

function readTenant(value: unknown): string {
  if (typeof value !== 'string') return DEFAULT_TENANT;
  const checked = validateTenant(value);
  return checked.ok ? checked.value : DEFAULT_TENANT;
}

const readBoolean = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of plain JSON values, key order ignored. `settings` has only booleans, strings, null. */
function sameJson(a: unknown, b: unknown): boolean {
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return Object.is(a, b);
}

/** `https://login.microsoftonline.com/<tenant>`. Throws RangeError for a tenant that `validateTenant` refuses. */
export function authorityFor(tenant: string): string {
  const checked = validateTenant(tenant);
  if (!checked.ok || tenant.trim() === '') throw new RangeError('invalid tenant');
  return `${AUTHORITY_ORIGIN}/${checked.value}`;
}

export const BASE_SCOPES = ['openid', 'profile', 'offline_access', 'Files.ReadWrite'] as const;
export const ALL_FILES_SCOPE = 'Files.ReadWrite.All';

/**
 * The least delegated scopes for what the user chose: the user's own files, plus every file
 * they can reach only when opted in. Never `.default` (that would ask for whatever the app
 * registration happens to list).
 */
export function scopesFor(settings: Pick<Settings, 'useAllFilesScope'>): string[] {
  return settings.useAllFilesScope ? [...BASE_SCOPES, ALL_FILES_SCOPE] : [...BASE_SCOPES];
}
