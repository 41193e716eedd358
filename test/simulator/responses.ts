import type { MonitorAddress } from './monitor-urls';
import { inWindow, type ResolvedScenario } from './scenario';
import type { JobState } from './timeline';

/**
 * Turns a job's state into the HTTP answer Microsoft would give, including the ways it
 * misbehaves: throttling, non-JSON bodies, 500s with and without a status in them.
 */

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Short, secret-free description for the request log, e.g. "running 37.5". */
  summary: string;
  /** Set on throttled answers: the time before which the client must not come back. */
  retryAt: number | null;
}

export interface AnswerContext {
  scenario: ResolvedScenario;
  address: MonitorAddress;
  /** Epoch ms, used for date headers and HTTP-date Retry-After. */
  now: number;
  createdAt: number;
  /** The Host header the request came with: redirects stay on the host the client asked for. */
  requestHost: string;
}

const JSON_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8';

export function json(
  status: number,
  value: unknown,
  summary: string,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(value),
    summary,
    retryAt: null,
  };
}

export const errorBody = (code: string, message: string): object => ({ error: { code, message } });

/** The item the copy produced; it refuses us because monitors are polled without credentials. */
export const itemUnauthorized = (): SimResponse =>
  json(401, errorBody('unauthenticated', 'Unauthenticated'), 'item 401', {
    'www-authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
  });

export const notFound = (summary = 'not found'): SimResponse =>
  json(404, errorBody('itemNotFound', 'The resource could not be found.'), summary);

function statusWord(ctx: AnswerContext, state: JobState): string {
  const sp = ctx.scenario.vocabulary === 'sharepoint';
  switch (state.kind) {
    case 'pending':
      return state.word;
    case 'running':
      return sp ? 'running' : 'inProgress';
    case 'completed':
      return sp ? 'succeeded' : 'completed';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'gone':
      return 'gone';
  }
}

function percentOf(state: JobState): number {
  switch (state.kind) {
    case 'running':
    case 'failed':
    case 'cancelled':
      return state.percent;
    case 'completed':
      return 100;
    case 'pending':
    case 'gone':
      return 0;
  }
}

const TOTAL_BYTES = 9314;
const TOTAL_FILES = 8;

/** The status body, with the unknown fields the docs and captures show. */
export function statusBody(
  ctx: AnswerContext,
  state: JobState,
  word = statusWord(ctx, state),
): Record<string, unknown> {
  const percent = percentOf(state);
  const itemUrl = `https://${ctx.requestHost}${ctx.address.itemPath}`;
  const done = Math.floor((percent / 100) * TOTAL_FILES);
  const body: Record<string, unknown> =
    ctx.scenario.vocabulary === 'sharepoint'
      ? {
          // richLongRunningOperation shape (SharePoint v2.1)
          id: ctx.address.key,
          createdDateTime: new Date(ctx.createdAt).toISOString(),
          lastActionDateTime: new Date(ctx.now).toISOString(),
          type: 'itemCopy',
          status: word,
          percentageComplete: percent,
        }
      : {
          operation: 'ItemCopy',
          percentageComplete: percent,
          status: word,
          statusDescription: `Completed ${done}/${TOTAL_FILES} files; ${Math.floor((percent / 100) * TOTAL_BYTES)}/${TOTAL_BYTES} bytes`,
        };
  if (state.kind === 'completed') {
    body['resourceId'] = ctx.address.itemId;
    body['resourceLocation'] = itemUrl;
  }
  if (state.kind === 'failed' || state.kind === 'cancelled') {
    body['errorCode'] = state.kind === 'failed' ? ctx.scenario.errorCode : 'Cancelled';
    body['statusDescription'] =
      state.kind === 'failed' ? ctx.scenario.statusDescription : 'The operation was cancelled.';
    if (ctx.scenario.vocabulary === 'sharepoint') {
      body['error'] = { code: body['errorCode'], message: body['statusDescription'] };
    }
  }
  return body;
}

/** The answer to a monitor poll at elapsed time `t`, before throttling and glitches. */
function plainAnswer(ctx: AnswerContext, state: JobState): SimResponse {
  const s = ctx.scenario;
  const summaryPercent = `${statusWord(ctx, state)} ${percentOf(state)}`;
  switch (state.kind) {
    case 'gone':
      return state.how === 'operationNotFound'
        ? json(500, errorBody('operationNotFound', 'The operation could not be found.'), 'operationNotFound 500')
        : notFound('expired 404');
    case 'pending':
    case 'running':
      return json(s.runningHttpStatus, statusBody(ctx, state), summaryPercent);
    case 'failed':
    case 'cancelled':
      // A failed job answered 200 in the captures.
      return json(200, statusBody(ctx, state), summaryPercent);
    case 'completed': {
      const location = `https://${ctx.requestHost}${ctx.address.itemPath}`;
      switch (s.completion) {
        case 'redirect303':
          return {
            status: 303,
            headers: { location, 'content-length': '0' },
            body: '',
            summary: 'completed 303',
            retryAt: null,
          };
        case 'json303':
          return json(303, statusBody(ctx, state), 'completed json303', { location });
        case 'json200':
          return json(200, statusBody(ctx, state), 'completed json200');
        case 'json202':
          return json(202, statusBody(ctx, state), 'completed json202');
      }
    }
  }
}

/** Full answer for elapsed time `t`: throttle windows first, then glitches, then the state. */
export function monitorAnswer(ctx: AnswerContext, state: JobState, t: number): SimResponse {
  const throttle = ctx.scenario.throttle.find((w) => inWindow(w, t));
  if (throttle) {
    const status = throttle.status ?? 429;
    const remainingS = throttle.toMs === undefined ? 60 : (throttle.toMs - t) / 1000;
    const seconds = throttle.retryAfterS ?? Math.ceil(remainingS);
    const format = throttle.retryAfterFormat ?? 'seconds';
    const headers: Record<string, string> = {};
    let retryAt: number | null = ctx.now + seconds * 1000;
    if (format === 'seconds') headers['retry-after'] = String(seconds);
    if (format === 'date') {
      // HTTP dates have whole seconds; round up so the promise is never earlier than meant.
      retryAt = Math.ceil(retryAt / 1000) * 1000;
      headers['retry-after'] = new Date(retryAt).toUTCString();
    }
    if (format === 'none') retryAt = null;
    const body =
      status === 429
        ? errorBody('activityLimitReached', 'The request has been throttled')
        : errorBody('serviceNotAvailable', 'Service Unavailable');
    return {
      ...json(status, body, `throttled ${status} retry-after ${headers['retry-after'] ?? 'none'}`, headers),
      retryAt,
    };
  }
  const glitch = ctx.scenario.glitches.find((w) => inWindow(w, t));
  if (glitch && state.kind !== 'gone') {
    switch (glitch.kind) {
      case 'nonJson':
        return {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!DOCTYPE html><html><body><h1>Sorry, something went wrong</h1></body></html>',
          summary: 'glitch nonJson',
          retryAt: null,
        };
      case 'status500':
        return json(500, errorBody('generalException', 'An unspecified error has occurred.'), 'glitch status500');
      case 'consumer500':
        return json(500, statusBody(ctx, state), `glitch consumer500 (${statusWord(ctx, state)} ${percentOf(state)})`);
      case 'unknownStatus': {
        const word = glitch.value ?? 'reticulating';
        return json(ctx.scenario.runningHttpStatus, statusBody(ctx, state, word), `glitch unknownStatus ${word}`);
      }
    }
  }
  return plainAnswer(ctx, state);
}
