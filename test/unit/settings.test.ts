import { describe, expect, it } from 'vitest';
import {
  SETTINGS_ERROR_CODES,
  SettingsSchema,
  authorityFor,
  defaultSettings,
  readSettings,
  scopesFor,
  validateClientId,
  validateTenant,
  type Settings,
} from '../../src/core/settings';

const GUID = '1f0e6a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

const valid: Settings = {
  v: 1,
  clientId: GUID,
  tenant: 'contoso.onmicrosoft.com',
  useAllFilesScope: true,
  notifyOn: { completed: false, failed: true, expired: false },
  pollWhilePopupClosed: false,
};

describe('defaultSettings', () => {
  it('is unconfigured, least privilege, notifies on everything, polls in the background', () => {
    expect(defaultSettings()).toEqual({
      v: 1,
      clientId: null,
      tenant: 'common',
      useAllFilesScope: false,
      notifyOn: { completed: true, failed: true, expired: true },
      pollWhilePopupClosed: true,
    });
    expect(SettingsSchema.safeParse(defaultSettings()).success).toBe(true);
  });

  it('hands out a fresh object each time', () => {
    const a = defaultSettings();
    a.notifyOn.completed = false;
    expect(defaultSettings().notifyOn.completed).toBe(true);
  });
});

describe('validateClientId', () => {
  it.each([
    [GUID, GUID],
    [`  ${GUID.toUpperCase()}\n`, GUID],
    ['', null],
    ['   ', null],
  ])('accepts %j as %j', (text, value) => {
    expect(validateClientId(text)).toEqual({ ok: true, value });
  });

  it.each([
    `{${GUID}}`,
    GUID.replace(/-/g, ''),
    `${GUID}0`,
    GUID.slice(1),
    'g'.repeat(8) + GUID.slice(8),
    'not-a-guid',
    `${GUID}/../evil`,
    `${GUID} ${GUID}`,
  ])('refuses %j', (text) => {
    expect(validateClientId(text)).toEqual({ ok: false, code: 'settingsClientIdInvalid' });
  });
});

describe('validateTenant', () => {
  it.each([
    ['common', 'common'],
    ['Organizations', 'organizations'],
    [' CONSUMERS ', 'consumers'],
    ['', 'common'],
    [GUID.toUpperCase(), GUID],
    ['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com'],
    ['Contoso.COM', 'contoso.com'],
    ['my-org.co.uk', 'my-org.co.uk'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['a1.b2.io', 'a1.b2.io'],
    ['contoso.com\n', 'contoso.com'],
  ])('accepts %j as %j', (text, value) => {
    expect(validateTenant(text)).toEqual({ ok: true, value });
  });

  it.each([
    'contoso',
    'contoso.',
    '.contoso.com',
    'contoso..com',
    '-contoso.com',
    'contoso-.com',
    'contoso.c',
    'contoso.123',
    '10.0.0.1',
    'contoso.com/evil',
    'contoso.com?x=1',
    'contoso.com#x',
    'contoso.com:443',
    'user@contoso.com',
    'https://contoso.com',
    'cont oso.com',
    '..',
    '../common',
    'contöso.com',
    `${'a'.repeat(64)}.com`,
    `${'a.'.repeat(130)}com`,
    'commonx',
  ])('refuses %j', (text) => {
    expect(validateTenant(text)).toEqual({ ok: false, code: 'settingsTenantInvalid' });
  });

  it('error codes are the ones listed for locales', () => {
    const codes = [validateClientId('x'), validateTenant('x')].map((r) => (r.ok ? null : r.code));
    expect(codes).toEqual([...SETTINGS_ERROR_CODES]);
  });
});

describe('readSettings', () => {
  it('nothing stored: defaults, nothing to write back', () => {
    expect(readSettings(undefined)).toEqual({ settings: defaultSettings(), repaired: false });
  });

  it('a valid record comes back as is, not repaired (key order does not matter)', () => {
    const reordered = { ...valid, notifyOn: { expired: false, failed: true, completed: false } };
    expect(readSettings(reordered)).toEqual({ settings: valid, repaired: false });
    expect(readSettings(JSON.parse(JSON.stringify(valid)))).toEqual({ settings: valid, repaired: false });
  });

  it.each([null, 'settings', 42, true, [], [valid]])('a non-object %j becomes defaults, repaired', (raw) => {
    expect(readSettings(raw)).toEqual({ settings: defaultSettings(), repaired: true });
  });

  it('repairs field by field, keeping what is still good', () => {
    const raw = {
      ...valid,
      clientId: 'nope',
      tenant: 'contoso.com/../evil',
      notifyOn: { completed: 'yes', failed: false, expired: true },
    };
    const result = readSettings(raw);
    expect(result.repaired).toBe(true);
    expect(result.settings).toEqual({
      ...valid,
      clientId: null,
      tenant: 'common',
      notifyOn: { completed: true, failed: false, expired: true },
    });
    expect(SettingsSchema.safeParse(result.settings).success).toBe(true);
  });

  it('normalises case and blanks (and asks for a write-back)', () => {
    const result = readSettings({ ...valid, clientId: ` ${GUID.toUpperCase()} `, tenant: 'Contoso.OnMicrosoft.com' });
    expect(result).toEqual({ settings: valid, repaired: true });
  });

  it.each([
    [
      'missing v',
      (() => {
        const { v: _v, ...rest } = valid;
        return rest;
      })(),
    ],
    ['another version', { ...valid, v: 2 }],
    ['an unknown key', { ...valid, extra: 1 }],
    ['notifyOn not an object', { ...valid, notifyOn: [true, true, true] }],
    ['a number as boolean', { ...valid, useAllFilesScope: 1 }],
    ['a string poll preference', { ...valid, pollWhilePopupClosed: 'false' }],
    ['an unknown key in notifyOn', { ...valid, notifyOn: { ...valid.notifyOn, cancelled: true } }],
  ])('%s counts as repaired', (_label, raw) => {
    const result = readSettings(raw);
    expect(result.repaired).toBe(true);
    expect(SettingsSchema.safeParse(result.settings).success).toBe(true);
  });

  it('turning a string "false" into a boolean would be wrong: the default wins', () => {
    expect(readSettings({ ...valid, pollWhilePopupClosed: 'false' }).settings.pollWhilePopupClosed).toBe(true);
    expect(readSettings({ ...valid, useAllFilesScope: 'true' }).settings.useAllFilesScope).toBe(false);
  });

  it('never throws on hostile input', () => {
    const getterBomb = Object.defineProperty({}, 'tenant', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const toStringy = { tenant: { toString: () => 'common' } };
    const proto = JSON.parse('{"__proto__": {"useAllFilesScope": true}, "tenant": "common"}');
    const raws = [getterBomb, trap, toStringy, proto, { clientId: 'a'.repeat(1_000_000) }, Object.create(null)];
    for (const raw of raws) {
      const result = readSettings(raw);
      expect(SettingsSchema.safeParse(result.settings).success).toBe(true);
      expect(result.settings.useAllFilesScope).toBe(false);
    }
  });
});

describe('SettingsSchema', () => {
  it('refuses non-canonical stored values', () => {
    expect(SettingsSchema.safeParse(valid).success).toBe(true);
    expect(SettingsSchema.safeParse({ ...valid, clientId: GUID.toUpperCase() }).success).toBe(false);
    expect(SettingsSchema.safeParse({ ...valid, tenant: 'Common' }).success).toBe(false);
    expect(SettingsSchema.safeParse({ ...valid, tenant: '' }).success).toBe(false);
    expect(SettingsSchema.safeParse({ ...valid, v: 2 }).success).toBe(false);
  });
});

describe('authorityFor', () => {
  it.each([
    ['common', 'https://login.microsoftonline.com/common'],
    ['organizations', 'https://login.microsoftonline.com/organizations'],
    [GUID, `https://login.microsoftonline.com/${GUID}`],
    ['Contoso.com', 'https://login.microsoftonline.com/contoso.com'],
  ])('%s -> %s', (tenant, authority) => {
    expect(authorityFor(tenant)).toBe(authority);
  });

  it.each(['', 'evil.com/x', '../x', 'contoso'])('throws for %j', (tenant) => {
    expect(() => authorityFor(tenant)).toThrow(RangeError);
  });
});

describe('scopesFor', () => {
  it('asks only for the user’s own files by default', () => {
    expect(scopesFor(defaultSettings())).toEqual(['openid', 'profile', 'offline_access', 'Files.ReadWrite']);
  });

  it('adds Files.ReadWrite.All only when opted in, never .default', () => {
    const scopes = scopesFor({ useAllFilesScope: true });
    expect(scopes).toEqual(['openid', 'profile', 'offline_access', 'Files.ReadWrite', 'Files.ReadWrite.All']);
    for (const s of [...scopes, ...scopesFor({ useAllFilesScope: false })]) expect(s).not.toMatch(/\.default$/);
    expect(scopesFor({ useAllFilesScope: false })).not.toContain('Files.ReadWrite.All');
  });

  it('returns a fresh array the caller may change', () => {
    scopesFor(defaultSettings()).push('Sites.FullControl.All');
    expect(scopesFor(defaultSettings())).not.toContain('Sites.FullControl.All');
  });
});
