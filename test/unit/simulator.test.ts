import http from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMonitorUrl } from '../../src/core/monitor-url';
import { requestVia, SimControl, type SimHttpResponse } from '../simulator/client';
import type { Scenario } from '../simulator/scenario';
import { startSimulator, type Simulator } from '../simulator/server';

// The simulator over real HTTPS with real (short) time: every scenario shape once.

let sim: Simulator;
const lines: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sim = await startSimulator({ log: (l) => lines.push(l) });
});
afterAll(async () => {
  await sim?.close();
});

const get = (url: string, headers: Record<string, string> = {}): Promise<SimHttpResponse> =>
  requestVia(url, { port: sim.port, ca: sim.certPem, headers });
const body = (res: SimHttpResponse): Record<string, unknown> => JSON.parse(res.body) as Record<string, unknown>;
/**
 * Creates a job and returns a poller for it, plus `at(ms)`: waits until `ms` after creation.
 * Phases below are at least 400 ms long, so a slow TLS handshake on a busy machine still lands inside.
 */
function job(scenario: Scenario) {
  const created = sim.createJob(scenario);
  const t0 = Date.now();
  return {
    ...created,
    poll: (headers?: Record<string, string>) => get(created.monitorUrl, headers),
    at: (ms: number) => sleep(t0 + ms - Date.now()),
  };
}

describe('monitor URL shapes', () => {
  it.each(['personal', 'sharepoint', 'business', 'graph'] as const)(
    '%s URLs pass the extension check and answer',
    async (host) => {
      const j = job({ host, durationMs: 10_000 });
      expect(checkMonitorUrl(j.monitorUrl)).toMatchObject({ ok: true });
      const res = await j.poll();
      expect([200, 202]).toContain(res.status);
      expect(body(res)).toMatchObject({ status: host === 'business' ? 'running' : 'inProgress' });
    },
  );

  it('uses the documented shapes', () => {
    expect(job({ host: 'personal' }).monitorUrl).toMatch(/^https:\/\/api\.onedrive\.com\/v1\.0\/monitor\/[\w-]+$/);
    expect(job({ host: 'sharepoint' }).monitorUrl).toMatch(
      /^https:\/\/contoso\.sharepoint\.com\/_api\/v2\.0\/monitor\/[\w-]+$/,
    );
    expect(job({ host: 'graph' }).monitorUrl).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/monitor\/[\w-]+$/);
    const business = new URL(job({ host: 'business' }).monitorUrl);
    expect(business.host).toBe('contoso-my.sharepoint.com');
    expect(business.pathname).toMatch(/^\/personal\/user_contoso_com\/_api\/v2\.1\/drive\/operations\/[0-9a-f-]{36}$/);
    expect([...business.searchParams.keys()]).toEqual(['c', 'v', 'tempauth']);
  });

  it('routes by path whatever the Host header says', async () => {
    const j = job({ host: 'graph', durationMs: 10_000 });
    const elsewhere = new URL(j.monitorUrl);
    elsewhere.host = 'contoso.sharepoint.com';
    expect((await get(elsewhere.href)).status).toBe(202);
  });

  it('refuses a Business monitor polled without its tempauth', async () => {
    const j = job({ host: 'business', durationMs: 10_000 });
    const bare = new URL(j.monitorUrl);
    bare.search = '';
    expect((await get(bare.href)).status).toBe(401);
  });
});

describe('progress and completion', () => {
  it('goes notStarted (202) -> inProgress with doubles -> completed json202', async () => {
    const j = job({ host: 'graph', startDelayMs: 400, durationMs: 800 });
    const first = await j.poll();
    expect(first.status).toBe(202);
    expect(body(first)).toMatchObject({ status: 'notStarted', percentageComplete: 0, operation: 'ItemCopy' });
    await j.at(700);
    const mid = body(await j.poll());
    expect(mid['status']).toBe('inProgress');
    expect(mid['percentageComplete']).toBeGreaterThan(0);
    expect(mid['percentageComplete']).toBeLessThan(100);
    await j.at(1300);
    const done = await j.poll();
    expect(done.status).toBe(202);
    expect(body(done)).toMatchObject({ status: 'completed', percentageComplete: 100, resourceId: j.resourceId });
    expect(body(done)['resourceLocation']).toBe(`https://graph.microsoft.com${j.itemPath}`);
  });

  it('speaks the SharePoint vocabulary with 200s and integers (Business)', async () => {
    const j = job({ host: 'business', durationMs: 800 });
    await j.at(200);
    const mid = await j.poll();
    expect(mid.status).toBe(200);
    expect(body(mid)).toMatchObject({ status: 'running' });
    expect(Number.isInteger(body(mid)['percentageComplete'])).toBe(true);
    await j.at(900);
    const done = await j.poll();
    expect(done.status).toBe(200);
    expect(body(done)).toMatchObject({ status: 'succeeded', percentageComplete: 100, resourceId: j.resourceId });
  });

  it('redirect303: 303 to the item on the same host, which answers 401', async () => {
    const j = job({ host: 'personal', durationMs: 0, completion: 'redirect303' });
    const res = await j.poll();
    expect(res.status).toBe(303);
    expect(res.body).toBe('');
    expect(res.headers.location).toBe(`https://api.onedrive.com${j.itemPath}`);
    const item = await get(res.headers.location ?? '');
    expect(item.status).toBe(401);
    expect(body(item)).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'item', jobId: j.id, status: 401 });
  });

  it.each([
    ['json303', 303],
    ['json200', 200],
    ['json202', 202],
  ] as const)('%s: completed body with status %i', async (completion, status) => {
    const res = await job({ durationMs: 0, completion }).poll();
    expect(res.status).toBe(status);
    expect(body(res)).toMatchObject({ status: 'completed', percentageComplete: 100 });
    expect(res.headers.location !== undefined).toBe(status === 303);
  });

  it('steps and jump shapes only ever show their values', async () => {
    const steps = job({ durationMs: 1000, progress: 'steps', steps: [0, 50] });
    const jump = job({ durationMs: 1000, progress: 'jump' });
    await steps.at(550);
    expect(body(await steps.poll())['percentageComplete']).toBe(50);
    expect(body(await jump.poll())['percentageComplete']).toBe(0);
  });

  it('a stall freezes progress', async () => {
    const j = job({ durationMs: 1000, stalls: [{ fromMs: 0, toMs: 60_000 }] });
    await sleep(100);
    expect(body(await j.poll())).toMatchObject({ status: 'inProgress', percentageComplete: 0 });
  });
});

describe('bad endings', () => {
  it('fail: 200 with status failed, errorCode and description at the given percent', async () => {
    const j = job({ durationMs: 1000, outcome: 'fail', failAtPercent: 56, errorCode: 'AccessDenied_xyz' });
    expect(body(await j.poll())).toMatchObject({ status: 'inProgress' });
    await j.at(600);
    const res = await j.poll();
    expect(res.status).toBe(200);
    expect(body(res)).toMatchObject({ status: 'failed', percentageComplete: 56, errorCode: 'AccessDenied_xyz' });
    expect(body(res)['statusDescription']).toEqual(expect.any(String));
  });

  it('cancel: status cancelled', async () => {
    const res = await job({ durationMs: 0, outcome: 'cancel', vocabulary: 'sharepoint' }).poll();
    expect(res.status).toBe(200);
    expect(body(res)).toMatchObject({ status: 'cancelled' });
  });

  it('expire: runs, then 404 without ever completing', async () => {
    const j = job({ durationMs: 100, outcome: 'expire', expireAfterMs: 600 });
    await j.at(150);
    expect(body(await j.poll())).toMatchObject({ status: 'inProgress', percentageComplete: 99 });
    await j.at(650);
    const gone = await j.poll();
    expect(gone.status).toBe(404);
    expect(body(gone)).toMatchObject({ error: { code: 'itemNotFound' } });
  });

  it('operationNotFound: 500 with that error code', async () => {
    const res = await job({ outcome: 'operationNotFound', expireAfterMs: 0 }).poll();
    expect(res.status).toBe(500);
    expect(body(res)).toEqual({ error: { code: 'operationNotFound', message: expect.any(String) } });
  });

  it('goneAfterEndMs: a finished job is forgotten', async () => {
    const j = job({ durationMs: 0, goneAfterEndMs: 400 });
    expect((await j.poll()).status).toBe(202);
    await j.at(450);
    expect((await j.poll()).status).toBe(404);
  });
});

describe('throttling and misbehaviour', () => {
  it('429 with fractional Retry-After, and flags a request that comes back too early', async () => {
    const j = job({ durationMs: 10_000, throttle: [{ fromMs: 0, toMs: 60_000, retryAfterS: 2.128 }] });
    const res = await j.poll();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('2.128');
    expect(body(res)).toMatchObject({ error: { code: 'activityLimitReached' } });
    await j.poll();
    expect(sim.requests.at(-1)).toMatchObject({ jobId: j.id, status: 429, tooEarly: true });
  });

  it('503 with an HTTP-date Retry-After, then normal answers once the window is over', async () => {
    const j = job({ durationMs: 10_000, throttle: [{ fromMs: 0, toMs: 400, status: 503, retryAfterFormat: 'date' }] });
    const before = Date.now();
    const res = await j.poll();
    expect(res.status).toBe(503);
    const date = Date.parse(res.headers['retry-after'] ?? '');
    expect(date).toBeGreaterThanOrEqual(before);
    expect(date % 1000).toBe(0);
    await j.at(450);
    expect((await j.poll()).status).toBe(202);
  });

  it('a default Retry-After covers the rest of the window', async () => {
    const res = await job({ throttle: [{ fromMs: 0, toMs: 5000 }] }).poll();
    expect(res.headers['retry-after']).toBe('5');
  });

  it.each([
    ['nonJson', 200, (r: SimHttpResponse) => expect(r.headers['content-type']).toMatch(/text\/html/)],
    ['status500', 500, (r: SimHttpResponse) => expect(body(r)).not.toHaveProperty('status')],
    ['consumer500', 500, (r: SimHttpResponse) => expect(body(r)).toMatchObject({ status: 'inProgress' })],
    ['unknownStatus', 202, (r: SimHttpResponse) => expect(body(r)).toMatchObject({ status: 'reticulating' })],
  ] as const)('glitch %s answers %i', async (kind, status, check) => {
    const res = await job({ durationMs: 10_000, glitches: [{ fromMs: 0, kind }] }).poll();
    expect(res.status).toBe(status);
    check(res);
  });
});

describe('request log and control API', () => {
  it('records Authorization and Cookie headers (which the extension must never send)', async () => {
    const j = job({ durationMs: 10_000 });
    await j.poll();
    await j.poll({ authorization: 'Bearer x', cookie: 'FedAuth=1' });
    const mine = sim.requests.filter((r) => r.jobId === j.id);
    expect(mine.map((r) => [r.hasAuthorization, r.hasCookie])).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(mine[0]).toMatchObject({ method: 'GET', host: 'contoso.sharepoint.com', kind: 'monitor', viaProxy: false });
    expect(mine[0]?.path).toBe(new URL(j.monitorUrl).pathname);
  });

  it('never prints monitor URLs or their secret parts in log lines', async () => {
    const j = job({ host: 'business', durationMs: 10_000 });
    await j.poll();
    const url = new URL(j.monitorUrl);
    const secrets = [j.monitorUrl, url.searchParams.get('tempauth') ?? '', url.pathname.split('/').at(-1) ?? ''];
    expect(lines.some((l) => l.includes(j.id))).toBe(true);
    for (const s of secrets) expect(lines.join('\n')).not.toContain(s);
    expect(sim.requests.some((r) => r.path.includes('tempauth'))).toBe(false);
  });

  it('creates jobs and lists requests over /__sim/, without logging itself', async () => {
    const control = new SimControl(sim.port, sim.certPem);
    const created = await control.createJob({ host: 'graph', durationMs: 10_000 });
    expect(checkMonitorUrl(created.monitorUrl)).toMatchObject({ ok: true });
    await get(created.monitorUrl);
    const seen = await control.requests({ jobId: created.id });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ jobId: created.id, status: 202 });
    expect((await control.job(created.id)).state).toMatchObject({ kind: 'running' });
    expect(sim.requests.some((r) => r.path.startsWith('/__sim/'))).toBe(false);
    await expect(control.createJob({ durationMs: -1 })).rejects.toThrow(/400.*durationMs/);
  });

  it('tunnels CONNECT to the TLS server whatever the target (the Firefox route)', async () => {
    const j = job({ host: 'graph', durationMs: 10_000 });
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: sim.proxyPort,
        method: 'CONNECT',
        path: 'graph.microsoft.com:443',
      });
      req.on('connect', (res, s) => (res.statusCode === 200 ? resolve(s) : reject(new Error(String(res.statusCode)))));
      req.on('error', reject);
      req.end();
    });
    const secure = tls.connect({ socket, servername: 'graph.microsoft.com', ca: sim.certPem });
    const path = new URL(j.monitorUrl).pathname;
    secure.write(`GET ${path} HTTP/1.1\r\nHost: graph.microsoft.com\r\nConnection: close\r\n\r\n`);
    const text = await new Promise<string>((resolve) => {
      let all = '';
      secure.on('data', (d: Buffer) => (all += d.toString()));
      secure.on('end', () => resolve(all));
    });
    expect(text).toMatch(/^HTTP\/1\.1 202/);
    expect(text).toContain('"status":"inProgress"');
    expect(sim.requests.filter((r) => r.kind === 'proxy').at(-1)).toMatchObject({
      method: 'CONNECT',
      host: 'graph.microsoft.com:443',
    });
    expect(sim.requests.at(-1)).toMatchObject({ jobId: j.id, viaProxy: true });
  });
});
