import { parseRetryAfter } from './retry-after';
import type { JobPhase, ProblemKind } from './job';

/**
 * What one poll of a monitor URL saw, reduced to plain data so the decision is pure.
 * `kind: 'network'` is a fetch that threw (offline, DNS, TLS, CORS, abort).
 */
export type MonitorResponse =
  | { kind: 'network' }
  | {
      kind: 'http';
      status: number;
      /** fetch followed a redirect (completion shape 1: 303 to the new item). */
      redirected: boolean;
      /** The final URL after redirects. */
      url: string;
      retryAfter: string | null;
      body: string;
    };

export type PollOutcome =
  | {
      type: 'status';
      phase: Exclude<JobPhase, 'expired'>;
      rawStatus: string;
      percent: number | null;
      statusDescription: string | null;
      errorCode: string | null;
      resourceId: string | null;
      resourceUrl: string | null;
    }
  | { type: 'expired'; reason: 'notFound' | 'operationNotFound' | 'gone' | 'unauthorized' }
  | { type: 'throttled'; retryAfterMs: number | null }
  | { type: 'transient'; kind: Exclude<ProblemKind, 'throttled'> };

/**
 * Status words seen in the wild (monitor-api.md): Graph beta, OneDrive docs since 2021 and
 * SharePoint v2.1 (richLongRunningOperation). Matched case-insensitively ("ItemCopy" vs
 * "itemCopy" shows the casing is not to be trusted). Anything else is `unknown` and polled on.
 */
const PHASE_BY_STATUS: ReadonlyMap<string, Exclude<JobPhase, 'expired'>> = new Map([
  ['notstarted', 'pending'],
  ['waiting', 'pending'],
  ['queued', 'pending'],
  ['inprogress', 'running'],
  ['running', 'running'],
  ['updating', 'running'],
  ['deletepending', 'running'],
  ['cancelpending', 'running'],
  ['completed', 'completed'],
  ['succeeded', 'completed'],
  ['failed', 'failed'],
  ['deletefailed', 'failed'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
]);

export function phaseOfStatus(status: string): Exclude<JobPhase, 'expired'> {
  return PHASE_BY_STATUS.get(status.trim().toLowerCase()) ?? 'unknown';
}

/** Decide from the body and redirect state; status codes lie (a failed job answered 200). */
export function classifyMonitorResponse(response: MonitorResponse, now: number): PollOutcome {
  if (response.kind === 'network') return { type: 'transient', kind: 'network' };
  const { status, body } = response;

  if (status === 429 || (status === 503 && response.retryAfter !== null)) {
    return { type: 'throttled', retryAfterMs: parseRetryAfter(response.retryAfter, now) };
  }

  const json = parseJsonObject(body);
  const jobStatus = json === null ? null : readJobStatus(json);

  if (response.redirected) {
    // The monitor sent us on to the new item, which answers 401/403/400 without a token (or
    // its metadata). Only a job status body at the end of the chain says otherwise.
    if (jobStatus !== null && jobStatus.phase !== 'completed') return jobStatus;
    return completedAt(response.url, json);
  }

  // A status body decides whatever the code: 200/202 running, 200 failed, 303 completed,
  // even a consumer monitor's 500 with a valid status.
  // (A 303 with a Location is followed by fetch and lands in the branch above; one without a
  // Location comes back as is, and its body is read here.)
  if (jobStatus !== null) return jobStatus;

  const errorCode = json === null ? null : readErrorCode(json);
  if (errorCode !== null && errorCode.toLowerCase() === 'operationnotfound') {
    return { type: 'expired', reason: 'operationNotFound' };
  }
  if (status === 404) return { type: 'expired', reason: 'notFound' };
  if (status === 410) return { type: 'expired', reason: 'gone' };
  // The link's own pre-authentication (tempauth) ran out: it will never answer again.
  if (status === 401 || status === 403) return { type: 'expired', reason: 'unauthorized' };

  // A copy that finished synchronously: the "monitor" is the new item itself.
  if (status >= 200 && status < 300 && json !== null && isDriveItem(json)) {
    return completedAt(response.url, json);
  }

  if (status >= 500) return { type: 'transient', kind: 'server' };
  return { type: 'transient', kind: 'badResponse' };
}

function completedAt(url: string, json: Record<string, unknown> | null): Extract<PollOutcome, { type: 'status' }> {
  const id =
    json === null ? null : (readString(json, 'resourceId') ?? (isDriveItem(json) ? readString(json, 'id') : null));
  return {
    type: 'status',
    phase: 'completed',
    rawStatus: 'completed',
    percent: 100,
    statusDescription: null,
    errorCode: null,
    resourceId: id,
    resourceUrl: url === '' ? null : url,
  };
}

function readJobStatus(json: Record<string, unknown>): Extract<PollOutcome, { type: 'status' }> | null {
  const raw = readString(json, 'status');
  if (raw === null) return null;
  const phase = phaseOfStatus(raw);
  const resourceLocation = readString(json, 'resourceLocation');
  return {
    type: 'status',
    phase,
    rawStatus: raw.slice(0, 100),
    percent: phase === 'completed' ? 100 : readPercent(json['percentageComplete']),
    statusDescription: truncate(readString(json, 'statusDescription'), 500),
    errorCode: truncate(readString(json, 'errorCode') ?? readErrorCode(json), 200),
    resourceId: truncate(readString(json, 'resourceId'), 500),
    resourceUrl: resourceLocation !== null && isHttpsUrl(resourceLocation) ? truncate(resourceLocation, 2000) : null,
  };
}

/** 0-100, clamped; null when missing or not a number (the bar goes indeterminate). */
export function readPercent(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return null;
  return Math.min(100, Math.max(0, n));
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function readString(json: Record<string, unknown>, key: string): string | null {
  const value = json[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function readErrorCode(json: Record<string, unknown>): string | null {
  const error = json['error'];
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as Record<string, unknown>)['code'];
  return typeof code === 'string' && code !== '' ? code : null;
}

function isDriveItem(json: Record<string, unknown>): boolean {
  return readString(json, 'id') !== null && readString(json, 'name') !== null && !('error' in json);
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

const truncate = (text: string | null, max: number): string | null => (text === null ? null : text.slice(0, max));
