import { describe, expect, it } from 'vitest';
import { classifyMonitorResponse, phaseOfStatus, readPercent, type MonitorResponse } from '../../src/core/classify';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const NETWORK_ERROR: MonitorResponse = { kind: 'network' };
const MONITOR = 'https://contoso-my.sharepoint.com/personal/u/_api/v2.1/drive/operations/abc?c=x&tempauth=y';

function http(
  status: number,
  body: unknown,
  extra: Partial<Extract<MonitorResponse, { kind: 'http' }>> = {},
): MonitorResponse {
  return {
    kind: 'http',
    status,
    redirected: false,
    url: MONITOR,
    retryAfter: null,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  };
}

describe('classifyMonitorResponse: progress in both vocabularies, whatever the status code', () => {
  it.each([
    [
      'Graph docs 202 inProgress',
      http(202, { operation: 'ItemCopy', percentageComplete: 27.5, status: 'inProgress' }),
      'running',
      27.5,
    ],
    [
      'Business 200 running with integer percent',
      http(200, { percentageComplete: 43, status: 'running' }),
      'running',
      43,
    ],
    ['notStarted', http(202, { percentageComplete: 0, status: 'notStarted' }), 'pending', 0],
    ['waiting', http(202, { status: 'waiting' }), 'pending', null],
    ['updating', http(202, { status: 'updating', percentageComplete: 99 }), 'running', 99],
    ['deletePending', http(202, { status: 'deletePending' }), 'running', null],
    ['cancelPending', http(202, { status: 'cancelPending', percentageComplete: 10 }), 'running', 10],
    [
      'consumer 500 with a valid status body',
      http(500, { status: 'inProgress', percentageComplete: 12 }),
      'running',
      12,
    ],
    ['percent as a numeric string', http(202, { status: 'inProgress', percentageComplete: '61.2' }), 'running', 61.2],
    ['percent over 100 is clamped', http(202, { status: 'inProgress', percentageComplete: 140 }), 'running', 100],
    ['negative percent is clamped', http(202, { status: 'inProgress', percentageComplete: -3 }), 'running', 0],
    [
      'non-numeric percent is indeterminate',
      http(202, { status: 'inProgress', percentageComplete: 'lots' }),
      'running',
      null,
    ],
    ['odd casing', http(202, { status: 'InProgress', percentageComplete: 5 }), 'running', 5],
  ])('%s', (_label, response, phase, percent) => {
    const outcome = classifyMonitorResponse(response, NOW);
    expect(outcome).toMatchObject({ type: 'status', phase, percent });
  });

  it('keeps an unknown future status as unknown (still polled) with its word', () => {
    const outcome = classifyMonitorResponse(http(202, { status: 'reticulating', percentageComplete: 50 }), NOW);
    expect(outcome).toMatchObject({ type: 'status', phase: 'unknown', rawStatus: 'reticulating', percent: 50 });
  });
});

describe('classifyMonitorResponse: the three completion shapes', () => {
  it('1. a 303 followed to the new item, which answers 401 without a token', () => {
    const item = 'https://contoso.sharepoint.com/v1.0/drives/d1/items/NEW';
    const outcome = classifyMonitorResponse(
      http(401, { error: { code: 'unauthenticated', message: 'Unauthenticated' } }, { redirected: true, url: item }),
      NOW,
    );
    expect(outcome).toMatchObject({ type: 'status', phase: 'completed', percent: 100, resourceUrl: item });
  });
  it.each([403, 400])('1b. the followed item answering %i still means completed', (status) => {
    expect(
      classifyMonitorResponse(http(status, '', { redirected: true, url: 'https://x.sharepoint.com/i' }), NOW),
    ).toMatchObject({
      type: 'status',
      phase: 'completed',
    });
  });
  it('1c. the followed item answering with its metadata gives its id', () => {
    const outcome = classifyMonitorResponse(
      http(
        200,
        { id: '01ABC', name: 'Report.docx', webUrl: 'https://x' },
        { redirected: true, url: 'https://api.onedrive.com/v1.0/drives/a/items/01ABC' },
      ),
      NOW,
    );
    expect(outcome).toMatchObject({ type: 'status', phase: 'completed', resourceId: '01ABC' });
  });
  it('2. a 303 whose JSON body says completed (no Location, so fetch did not follow)', () => {
    const outcome = classifyMonitorResponse(
      http(303, { status: 'completed', resourceId: '01XYZ', percentageComplete: 100 }),
      NOW,
    );
    expect(outcome).toMatchObject({ type: 'status', phase: 'completed', resourceId: '01XYZ', percent: 100 });
  });
  it.each([200, 202])('3. a %i with status completed', (status) => {
    const outcome = classifyMonitorResponse(
      http(status, { status: 'completed', resourceId: 'R1', percentageComplete: 100 }),
      NOW,
    );
    expect(outcome).toMatchObject({ type: 'status', phase: 'completed', resourceId: 'R1', percent: 100 });
  });
  it('SharePoint succeeded counts as completed even without a percentage', () => {
    expect(classifyMonitorResponse(http(200, { status: 'succeeded' }), NOW)).toMatchObject({
      phase: 'completed',
      percent: 100,
    });
  });
  it('a synchronous copy: the "monitor" is the item itself', () => {
    expect(classifyMonitorResponse(http(200, { id: 'I1', name: 'a.txt', size: 3 }), NOW)).toMatchObject({
      phase: 'completed',
      resourceId: 'I1',
    });
  });
  it('a redirect that ends on another status body is read as that status', () => {
    const outcome = classifyMonitorResponse(
      http(202, { status: 'inProgress', percentageComplete: 30 }, { redirected: true }),
      NOW,
    );
    expect(outcome).toMatchObject({ type: 'status', phase: 'running', percent: 30 });
  });
});

describe('classifyMonitorResponse: failures, expiry, throttling, transient trouble', () => {
  it('a failed job answering 200 keeps errorCode and description', () => {
    const outcome = classifyMonitorResponse(
      http(200, {
        status: 'failed',
        percentageComplete: 56,
        errorCode: 'AccessDenied_Item',
        statusDescription: 'Completed 3/9 files',
      }),
      NOW,
    );
    expect(outcome).toMatchObject({
      type: 'status',
      phase: 'failed',
      percent: 56,
      errorCode: 'AccessDenied_Item',
      statusDescription: 'Completed 3/9 files',
    });
  });
  it('deleteFailed is a failure; cancelled is its own end', () => {
    expect(classifyMonitorResponse(http(200, { status: 'deleteFailed' }), NOW)).toMatchObject({ phase: 'failed' });
    expect(classifyMonitorResponse(http(200, { status: 'cancelled' }), NOW)).toMatchObject({ phase: 'cancelled' });
  });
  it.each([
    ['404', http(404, ''), 'notFound'],
    ['404 with a JSON error', http(404, { error: { code: 'itemNotFound' } }), 'notFound'],
    ['500 operationNotFound', http(500, { error: { code: 'operationNotFound', message: 'x' } }), 'operationNotFound'],
    ['410', http(410, ''), 'gone'],
    ['401 on the monitor itself (tempauth ran out)', http(401, { error: { code: 'unauthenticated' } }), 'unauthorized'],
  ])('%s means the status link expired', (_label, response, reason) => {
    expect(classifyMonitorResponse(response, NOW)).toEqual({ type: 'expired', reason });
  });
  it.each([
    ['429 with seconds', http(429, '', { retryAfter: '7' }), 7000],
    ['429 with fractional seconds', http(429, '', { retryAfter: '2.128' }), 2128],
    ['503 with an HTTP date', http(503, '', { retryAfter: new Date(NOW + 315_000).toUTCString() }), 315_000],
    ['429 without Retry-After', http(429, ''), null],
  ])('%s is throttling', (_label, response, retryAfterMs) => {
    expect(classifyMonitorResponse(response, NOW)).toEqual({ type: 'throttled', retryAfterMs });
  });
  it.each([
    ['a network error', NETWORK_ERROR, 'network'],
    ['a 502 without a status body', http(502, '<html>Bad gateway</html>'), 'server'],
    ['a 503 without Retry-After', http(503, ''), 'server'],
    ['a 500 without a status body', http(500, ''), 'server'],
    ['a 200 with HTML', http(200, '<!doctype html><p>Sign in</p>'), 'badResponse'],
    ['a 200 with truncated JSON', http(200, '{"status":"inPro'), 'badResponse'],
    ['a 200 with a JSON array', http(200, '[1,2]'), 'badResponse'],
    ['a 200 with JSON but no status', http(200, { hello: 'world' }), 'badResponse'],
    ['a 400 on the monitor', http(400, ''), 'badResponse'],
  ])('%s is transient, never a failed copy', (_label, response, kind) => {
    expect(classifyMonitorResponse(response, NOW)).toEqual({ type: 'transient', kind });
  });
  it('does not trust a resourceLocation that is not https', () => {
    const outcome = classifyMonitorResponse(
      http(200, { status: 'completed', resourceLocation: 'javascript:alert(1)' }),
      NOW,
    );
    expect(outcome).toMatchObject({ phase: 'completed', resourceUrl: null });
  });
});

describe('helpers', () => {
  it('phaseOfStatus maps every documented word', () => {
    expect(
      [
        'notStarted',
        'inProgress',
        'completed',
        'updating',
        'failed',
        'deletePending',
        'deleteFailed',
        'waiting',
        'cancelled',
        'cancelPending',
        'running',
        'succeeded',
      ].map(phaseOfStatus),
    ).toEqual([
      'pending',
      'running',
      'completed',
      'running',
      'failed',
      'running',
      'failed',
      'pending',
      'cancelled',
      'running',
      'running',
      'completed',
    ]);
  });
  it('readPercent', () => {
    expect([
      readPercent(undefined),
      readPercent(null),
      readPercent(NaN),
      readPercent(''),
      readPercent(12.5),
      readPercent('7'),
    ]).toEqual([null, null, null, null, 12.5, 7]);
  });
});
