import type http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { simCertificate } from './cert';
import { createConnectProxy } from './connect-proxy';
import { handleControl } from './control-api';
import { GraphService, type GraphOptions, type GraphResult } from './graph';
import { IdentityPlatform, identityRouteOf, type IdentityOptions, type IdentityRoute } from './identity';
import { JobRegistry, type CreatedJob } from './jobs';
import { routeOf } from './monitor-urls';
import { RequestLog, type LoggedRequest, type RequestKind } from './request-log';
import { itemUnauthorized, monitorAnswer, notFound, json, errorBody, type SimResponse } from './responses';
import type { Scenario } from './scenario';
import type { JobState, Timeline } from './timeline';
import { readBody, type SimRequest } from './web';

/**
 * The simulator: an HTTPS server that answers like Microsoft's copy monitors, routed by path
 * whatever the Host header says, plus a CONNECT proxy into it for Firefox, plus a JSON control
 * API under /__sim/ for other processes (control-api.ts).
 */

export interface SimulatorOptions {
  /** HTTPS port on 127.0.0.1; default: a free one. */
  port?: number;
  /** CONNECT proxy port on 127.0.0.1; default: a free one. */
  proxyPort?: number;
  /** Epoch-ms clock; default Date.now. Jobs progress by this clock, computed at request time. */
  clock?: () => number;
  /** Receives one line per request (job ids only, never monitor URLs). Default: silent. */
  log?: (line: string) => void;
  /** The fake Microsoft identity platform (identity.ts). */
  identity?: IdentityOptions;
  /** The fake Microsoft Graph (graph.ts). */
  graph?: GraphOptions;
}

export interface Simulator {
  /** HTTPS port (monitors, items, control API). */
  readonly port: number;
  /** Plain-HTTP CONNECT proxy port; every tunnel ends at `port`. */
  readonly proxyPort: number;
  /** `https://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The self-signed certificate: pass as `ca` from Node clients. */
  readonly certPem: string;
  /** Value for Chromium's --host-resolver-rules mapping every Microsoft host to `port`. */
  readonly hostResolverRules: string;
  /** Live log of every non-control request, oldest first. */
  readonly requests: readonly LoggedRequest[];
  createJob(scenario?: Scenario): CreatedJob;
  /** What a job is doing now, by public id. */
  jobState(id: string): JobState;
  timeline(id: string): Timeline;
  clearRequests(): void;
  /** The identity platform fake: scripting, token helpers, recorded /authorize and /token calls. */
  readonly identity: IdentityPlatform;
  /** The Graph fake: scripting (copy scenarios, throttling), recorded copies. */
  readonly graph: GraphService;
  close(): Promise<void>;
}

/** Host names mapped to the simulator in browsers (Chromium rules; Firefox uses the proxy). */
export const MAPPED_HOSTS = [
  'graph.microsoft.com',
  'api.onedrive.com',
  '*.sharepoint.com',
  'login.microsoftonline.com',
];

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { certPem, keyPem } = await simCertificate();
  const clock = options.clock ?? Date.now;
  const say = options.log ?? ((): void => {});
  const jobs = new JobRegistry(clock);
  const log = new RequestLog();
  const sockets = new Set<net.Socket>();
  const identity = new IdentityPlatform(clock, options.identity);
  const createJob = (scenario?: Scenario): CreatedJob => {
    const created = jobs.create(scenario);
    say(`sim ${created.id} created (${created.host}${scenario?.label ? `, ${scenario.label}` : ''})`);
    return created;
  };
  const graph = new GraphService({ clock, identity, jobs, createJob }, options.graph);

  const record = (entry: Omit<LoggedRequest, 'seq' | 'time'>): void => {
    const logged = log.add({ time: clock(), ...entry });
    const who = logged.jobId ?? '-';
    // Graph calls are meant to carry a token; anything else that does is flagged.
    const warn = `${logged.hasAuthorization && logged.kind !== 'graph' ? ' AUTHORIZATION-SENT' : ''}${logged.hasCookie ? ' COOKIE-SENT' : ''}${logged.tooEarly ? ' TOO-EARLY' : ''}`;
    say(`sim ${who} ${logged.method} ${logged.kind} -> ${logged.status} ${logged.summary}${warn}`);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const hostHeader = req.headers.host ?? 'localhost';
    let url: URL;
    try {
      // Proxies get absolute-form targets ("GET http://host/path"); servers get paths.
      url = new URL(req.url ?? '/', `https://${hostHeader}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const route = routeOf(url.pathname);
    if (route.kind === 'control') {
      void handleControl(req, res, route.rest, url.searchParams, { jobs, log });
      return;
    }
    const remotePort = req.socket.remotePort;
    const base = {
      method: req.method ?? 'GET',
      host: req.headers.host ?? null,
      path: url.pathname,
      hasAuthorization: req.headers.authorization !== undefined,
      hasCookie: req.headers.cookie !== undefined,
      viaProxy: remotePort !== undefined && proxy.tunnelPorts.has(remotePort),
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
    };
    // Identity platform and Graph: paths under /{tenant}/oauth2/v2.0/ and /v1.0/. A Graph-looking
    // item path without Authorization stays the monitor's item route (401 as before); monitor
    // paths always stay monitors.
    const identityRoute = route.kind === 'other' ? identityRouteOf(url.pathname) : null;
    const toGraph =
      identityRoute === null &&
      route.kind !== 'monitor' &&
      url.pathname.startsWith('/v1.0/') &&
      (route.kind === 'other' || base.hasAuthorization || base.method === 'OPTIONS');
    if (identityRoute !== null || toGraph) {
      void serveService(req, res, url, base, identityRoute);
      return;
    }
    let kind: RequestKind = 'other';
    let jobId: string | null = null;
    let tooEarly = false;
    let answer: SimResponse;
    if (route.kind === 'monitor') {
      kind = 'monitor';
      const job = jobs.byMonitorKey(route.key);
      if (!job) answer = notFound('unknown monitor');
      else {
        jobId = job.id;
        const now = clock();
        tooEarly = job.retryAt !== null && now < job.retryAt;
        if (job.address.tempauth !== null && url.searchParams.get('tempauth') !== job.address.tempauth) {
          // The real Business monitor is authorised by its query token alone.
          answer = json(401, errorBody('unauthenticated', 'Invalid tempauth'), 'bad or missing tempauth');
        } else if (base.method !== 'GET' && base.method !== 'HEAD') {
          answer = json(405, errorBody('invalidRequest', 'Method not allowed'), 'method not allowed');
        } else {
          answer = monitorAnswer(
            { scenario: job.scenario, address: job.address, now, createdAt: job.createdAt, requestHost: hostHeader },
            jobs.stateOf(job, now),
            now - job.createdAt,
          );
          if (answer.retryAt !== null) job.retryAt = answer.retryAt;
        }
      }
    } else if (route.kind === 'item') {
      kind = 'item';
      jobId = jobs.byItemId(route.itemId)?.id ?? null;
      answer = itemUnauthorized();
    } else {
      answer = notFound();
    }
    const reply = (): void => {
      res.writeHead(answer.status, { 'cache-control': 'no-cache', ...answer.headers });
      res.end(base.method === 'HEAD' ? undefined : answer.body);
      record({ ...base, kind, jobId, tooEarly, status: answer.status, summary: answer.summary });
    };
    const latency = route.kind === 'monitor' && jobId !== null ? (jobs.get(jobId)?.scenario.latencyMs ?? 0) : 0;
    if (latency > 0) setTimeout(reply, latency);
    else reply();
  };

  const serveService = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    base: Omit<LoggedRequest, 'seq' | 'time' | 'kind' | 'jobId' | 'tooEarly' | 'status' | 'summary'>,
    identityRoute: IdentityRoute | null,
  ): Promise<void> => {
    const kind: RequestKind = identityRoute !== null ? 'identity' : 'graph';
    let body = '';
    try {
      body = base.method === 'GET' || base.method === 'HEAD' ? '' : await readBody(req);
    } catch {
      res.writeHead(413).end();
      record({ ...base, kind, jobId: null, tooEarly: false, status: 413, summary: 'body too large' });
      return;
    }
    const simReq: SimRequest = { method: base.method, url, headers: req.headers, body };
    let result: GraphResult;
    try {
      result =
        identityRoute !== null ? { answer: identity.handle(identityRoute, simReq), jobId: null } : graph.handle(simReq);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = {
        answer: json(500, errorBody('generalException', message), `simulator error: ${message}`),
        jobId: null,
      };
    }
    const { answer } = result;
    res.writeHead(answer.status, { 'cache-control': 'no-cache', ...answer.headers });
    res.end(base.method === 'HEAD' ? undefined : answer.body);
    record({
      ...base,
      path: result.logPath ?? base.path,
      kind,
      jobId: result.jobId,
      tooEarly: false,
      status: answer.status,
      summary: answer.summary,
    });
  };

  const tls = https.createServer({ cert: certPem, key: keyPem }, handle);
  tls.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  // TLS handshakes that fail (a client refusing our certificate) are not our problem to report.
  tls.on('tlsClientError', () => {});

  const proxy = createConnectProxy({
    tlsPort: () => port,
    onRequest: handle,
    onConnect: (target, headers) =>
      record({
        method: 'CONNECT',
        host: target,
        path: '',
        kind: 'proxy',
        jobId: null,
        hasAuthorization: headers.authorization !== undefined,
        hasCookie: headers.cookie !== undefined,
        viaProxy: true,
        origin: null,
        tooEarly: false,
        status: 200,
        summary: 'tunnel',
      }),
  });

  const listen = (server: http.Server, wanted: number | undefined): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted ?? 0, '127.0.0.1', () => {
        const address = server.address();
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });

  const port = await listen(tls, options.port);
  const proxyPort = await listen(proxy.server, options.proxyPort);
  say(`sim listening https://127.0.0.1:${port} (CONNECT proxy on ${proxyPort})`);

  const requireJob = (id: string) => {
    const job = jobs.get(id);
    if (!job) throw new Error(`no simulator job ${id}`);
    return job;
  };

  return {
    port,
    proxyPort,
    baseUrl: `https://127.0.0.1:${port}`,
    certPem,
    hostResolverRules: MAPPED_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', '),
    requests: log.entries,
    createJob,
    jobState: (id) => jobs.stateOf(requireJob(id)),
    timeline: (id) => jobs.timelineOf(requireJob(id)),
    clearRequests: () => log.clear(),
    identity,
    graph,
    close: async () => {
      const closed = Promise.all([
        new Promise<void>((r) => tls.close(() => r())),
        new Promise<void>((r) => proxy.server.close(() => r())),
      ]);
      for (const s of sockets) s.destroy();
      proxy.destroyAll();
      await closed;
    },
  };
}
