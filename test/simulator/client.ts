import type http from 'node:http';
import https from 'node:https';
import type { CreatedJob } from './jobs';
import type { LoggedRequest } from './request-log';
import type { Scenario } from './scenario';
import type { JobState, Timeline } from './timeline';

/**
 * Node-side clients: `requestVia` fetches a real-looking URL (say a monitor URL on
 * contoso.sharepoint.com) from the simulator the way a browser with host mapping would, and
 * `SimControl` scripts a simulator running in another process through /__sim/.
 * No redirects are followed: callers see 303s as they are.
 */

export interface SimHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestViaOptions {
  /** Simulator HTTPS port to connect to (on 127.0.0.1). */
  port: number;
  /** The simulator's certificate; omitted = do not verify (for scripts that never saw it). */
  ca?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends `url`'s path and Host to the simulator, checking the certificate against `url`'s host name. */
export function requestVia(url: string, options: RequestViaOptions): Promise<SimHttpResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        // SNI and the certificate check use the name we pretend to reach (the cert lists them all).
        ...(target.hostname === '127.0.0.1' ? {} : { servername: target.hostname }),
        headers: { host: target.host, ...options.headers },
        ...(options.ca !== undefined ? { ca: options.ca } : { rejectUnauthorized: false }),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Scripts a simulator over its control API, e.g. one started with `tsx test/simulator/main.ts`. */
export class SimControl {
  constructor(
    private readonly port: number,
    private readonly ca?: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await requestVia(`https://127.0.0.1:${this.port}/__sim/${path}`, {
      port: this.port,
      method,
      ...(this.ca !== undefined ? { ca: this.ca } : {}),
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    if (res.status >= 400) throw new Error(`simulator ${method} /__sim/${path}: ${res.status} ${res.body}`);
    return (res.body === '' ? undefined : JSON.parse(res.body)) as T;
  }

  createJob(scenario: Scenario = {}): Promise<CreatedJob> {
    return this.call('POST', 'jobs', scenario);
  }

  job(id: string): Promise<{
    id: string;
    host: string;
    label: string | null;
    createdAt: number;
    timeline: Timeline;
    state: JobState;
  }> {
    return this.call('GET', `jobs/${encodeURIComponent(id)}`);
  }

  requests(filter: { jobId?: string; since?: number } = {}): Promise<LoggedRequest[]> {
    const q = new URLSearchParams();
    if (filter.jobId !== undefined) q.set('jobId', filter.jobId);
    if (filter.since !== undefined) q.set('since', String(filter.since));
    return this.call('GET', `requests${q.size > 0 ? `?${q}` : ''}`);
  }

  clearRequests(): Promise<void> {
    return this.call('DELETE', 'requests');
  }
}
