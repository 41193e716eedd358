import { validateClientId, validateTenant, type Settings, type SettingsErrorCode } from '../core/settings';

/** The editable part of the settings form. Everything else in the record is kept as stored. */
export interface SettingsFormElements {
  clientId: HTMLInputElement;
  tenant: HTMLInputElement;
  useAllFilesScope: HTMLInputElement;
  notifyCompleted: HTMLInputElement;
  notifyFailed: HTMLInputElement;
  notifyExpired: HTMLInputElement;
  pollWhilePopupClosed: HTMLInputElement;
}

export type SettingsField = 'clientId' | 'tenant';

export interface FieldError {
  field: SettingsField;
  code: SettingsErrorCode;
}

export type FormReading = { ok: true; settings: Settings } | { ok: false; errors: FieldError[] };

export function fillForm(els: SettingsFormElements, settings: Settings): void {
  els.clientId.value = settings.clientId ?? '';
  els.tenant.value = settings.tenant;
  els.useAllFilesScope.checked = settings.useAllFilesScope;
  els.notifyCompleted.checked = settings.notifyOn.completed;
  els.notifyFailed.checked = settings.notifyOn.failed;
  els.notifyExpired.checked = settings.notifyOn.expired;
  els.pollWhilePopupClosed.checked = settings.pollWhilePopupClosed;
}

/**
 * The record the form describes, on top of `base` (fields the form does not show survive), or
 * every field the core validators refuse, in form order.
 */
export function readForm(els: SettingsFormElements, base: Settings): FormReading {
  const clientId = validateClientId(els.clientId.value);
  const tenant = validateTenant(els.tenant.value);
  const errors: FieldError[] = [];
  if (!clientId.ok) errors.push({ field: 'clientId', code: clientId.code });
  if (!tenant.ok) errors.push({ field: 'tenant', code: tenant.code });
  if (!clientId.ok || !tenant.ok) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      ...base,
      clientId: clientId.value,
      tenant: tenant.value,
      useAllFilesScope: els.useAllFilesScope.checked,
      notifyOn: {
        completed: els.notifyCompleted.checked,
        failed: els.notifyFailed.checked,
        expired: els.notifyExpired.checked,
      },
      pollWhilePopupClosed: els.pollWhilePopupClosed.checked,
    },
  };
}
