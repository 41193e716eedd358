// Shared by the popup DOM tests: real locale text, valid jobs, the real popup.html.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';
import { vi } from 'vitest';
import { createJob, JobSchema, type Job } from '../../src/core/job';
import type { CommandResult } from '../../src/core/messages';
import { clearMessageCache } from '../../src/popup/i18n';

export interface LocaleEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type LocaleMessages = Record<string, LocaleEntry>;

// happy-dom replaces the global URL: resolve paths with node:path (browser-testing.md).
const root = path.resolve(__dirname, '../..');

export function loadMessages(lang: 'en' | 'pt_BR'): LocaleMessages {
  return JSON.parse(
    readFileSync(path.resolve(root, 'public/_locales', lang, 'messages.json'), 'utf8'),
  ) as LocaleMessages;
}

/** What chrome.i18n.getMessage does: named placeholders -> $1..$9 -> substitutions; "$$" is "$". */
export function formatMessage(messages: LocaleMessages, key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? placeholder.content : whole;
  });
  return named.replace(/\$(\$|[1-9])/g, (_whole, which: string) =>
    which === '$' ? '$' : (subs[Number(which) - 1] ?? ''),
  );
}

/** Stubs getMessage/getUILanguage (the fake browser has no i18n) with the real message files. */
export function stubI18n(
  lang: 'en' | 'pt_BR' = 'en',
  uiLanguage = lang === 'en' ? 'en-US' : 'pt-BR',
): (key: string, subs?: string | string[]) => string {
  clearMessageCache();
  const messages = loadMessages(lang);
  const text = (key: string, subs?: string | string[]): string => formatMessage(messages, key, subs);
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(text as typeof fakeBrowser.i18n.getMessage);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(uiLanguage);
  return text;
}

export interface FakePort {
  name: string;
  disconnect: ReturnType<typeof vi.fn>;
  onDisconnect: { addListener: ReturnType<typeof vi.fn> };
}

/** runtime.connect (not faked) and sendMessage with a scripted answer; returns the spies. */
export function stubRuntime(answer: (command: unknown) => unknown = () => ({ ok: true, data: null })) {
  const ports: FakePort[] = [];
  const connect = vi.fn((info?: { name?: string }) => {
    const port: FakePort = {
      name: info?.name ?? '',
      disconnect: vi.fn(),
      onDisconnect: { addListener: vi.fn() },
    };
    ports.push(port);
    return port;
  });
  (fakeBrowser.runtime as unknown as { connect: unknown }).connect = connect;
  const sendMessage = vi
    .spyOn(fakeBrowser.runtime, 'sendMessage')
    .mockImplementation(async (command: unknown) => answer(command));
  const commands = (): unknown[] => sendMessage.mock.calls.map((call) => call[0]);
  return { connect, ports, sendMessage, commands };
}

export const okResult = (data: unknown = null): CommandResult => ({ ok: true, data });

let counter = 0;
export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

/** A job that passes JobSchema, with overrides. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  counter++;
  const id = overrides.id ?? `job${counter}`;
  const base = createJob({
    id,
    monitorUrl: `https://contoso-my.sharepoint.com/personal/u/_api/v2.1/drive/operations/${id}?tempauth=SECRET${id}TOKEN`,
    name: null,
    host: 'contoso-my.sharepoint.com',
    shortId: `s${id}`.slice(0, 6),
    now: T0,
  });
  return JobSchema.parse({ ...base, ...overrides });
}

export async function seed(...jobs: Job[]): Promise<void> {
  await fakeBrowser.storage.local.set(Object.fromEntries(jobs.map((job) => [`job:${job.id}`, job])));
}

/** Puts a real extension page (head and body, without its script and stylesheet) into the test document. */
export function loadPageHtml(relativePath: string): void {
  // happy-dom does not load stylesheets and reports each attempt as an error: drop the link first.
  const html = readFileSync(path.resolve(root, relativePath), 'utf8').replace(/<link rel="stylesheet"[^>]*>/g, '');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  for (const script of parsed.querySelectorAll('script')) script.remove();
  document.head.replaceChildren(...[...parsed.head.childNodes].map((node) => document.importNode(node, true)));
  document.body.replaceChildren(...[...parsed.body.childNodes].map((node) => document.importNode(node, true)));
  document.documentElement.removeAttribute('lang');
}

export const loadPopupHtml = (): void => loadPageHtml('src/popup/popup.html');

export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
