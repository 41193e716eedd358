/**
 * What the simulator saw. Paths are stored without their query string, because Business monitor
 * URLs carry their `tempauth` token there; nothing in the log is enough to poll a job.
 */

/** identity: the fake login.microsoftonline.com (identity.ts); graph: the fake Graph API (graph.ts). */
export type RequestKind = 'monitor' | 'item' | 'proxy' | 'identity' | 'graph' | 'other';

export interface LoggedRequest {
  /** 1, 2, 3... in arrival order; `GET /__sim/requests?since=<seq>` returns later ones. */
  seq: number;
  /** Epoch ms on the simulator's clock. */
  time: number;
  method: string;
  /** The Host header (for CONNECT: the tunnel target). */
  host: string | null;
  path: string;
  kind: RequestKind;
  /** Simulator job id, when the path belonged to one. */
  jobId: string | null;
  /** Must stay false: monitors are pre-authenticated and must never get an Authorization header. */
  hasAuthorization: boolean;
  /** Should stay false: the extension polls with credentials: 'omit'. */
  hasCookie: boolean;
  status: number;
  /** Short description of the answer, e.g. "inProgress 37.5", "throttled 429 retry-after 2". */
  summary: string;
  /** Came before the Retry-After this simulator last gave for the same job had passed. */
  tooEarly: boolean;
  /** Reached through the CONNECT proxy (Firefox) rather than directly (Chromium, Node). */
  viaProxy: boolean;
  origin: string | null;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  private seq = 0;

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    return full;
  }

  query(filter: { jobId?: string | null; since?: number }): LoggedRequest[] {
    return this.entries.filter(
      (e) => (filter.jobId == null || e.jobId === filter.jobId) && (filter.since === undefined || e.seq > filter.since),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }
}
