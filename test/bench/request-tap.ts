import type http from 'node:http';
import https from 'node:https';

/**
 * Sees every request the simulator serves, with its start and end, without touching the simulator:
 * while installed, `https.createServer` hands the simulator a request handler wrapped with an
 * in-flight counter per Host header. (The simulator's own log records a request when it is
 * answered, after its latency, so it cannot tell how many were outstanding at once.)
 */
export interface TappedRequest {
  host: string;
  /** Path without the query (Business monitors carry their token there). */
  path: string;
  /**
   * Epoch ms, sub-millisecond: the handler was called / `res.end` was called. Both lie inside the
   * client's own send -> receive interval, so overlaps counted here never exceed the client's.
   */
  start: number;
  end: number;
  /** ms since the previous answer to the same host when this request came (Infinity: none yet). */
  sinceHostAnswerMs: number;
}

export interface RequestTap {
  /** Finished monitor requests, in order of completion. */
  readonly requests: readonly TappedRequest[];
  /** Most requests outstanding at once, per host. */
  readonly peakInFlight: ReadonlyMap<string, number>;
  reset(): void;
  /** Puts `https.createServer` back (servers already created stay tapped). */
  uninstall(): void;
}

const nowMs = (): number => performance.timeOrigin + performance.now();

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export function installRequestTap(): RequestTap {
  const requests: TappedRequest[] = [];
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const lastAnswer = new Map<string, number>();
  const original = https.createServer;

  const tapped = (handler: Handler): Handler => {
    return (req, res) => {
      // The simulator's control API is not traffic from the extension.
      if (req.url?.startsWith('/__sim/') === true) {
        handler(req, res);
        return;
      }
      const host = (req.headers.host ?? '-').replace(/:\d+$/, '');
      const start = nowMs();
      const path = (req.url ?? '').split('?')[0] ?? '';
      const sinceHostAnswerMs = start - (lastAnswer.get(host) ?? -Infinity);
      const count = (inFlight.get(host) ?? 0) + 1;
      inFlight.set(host, count);
      if (count > (peak.get(host) ?? 0)) peak.set(host, count);
      const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
      let answered = false;
      res.end = ((...args: unknown[]) => {
        if (!answered) {
          answered = true;
          const at = nowMs();
          inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
          lastAnswer.set(host, at);
          requests.push({ host, path, start, end: at, sinceHostAnswerMs });
        }
        return end(...args);
      }) as typeof res.end;
      handler(req, res);
    };
  };

  const patched = (options: https.ServerOptions, handler: Handler): https.Server => original(options, tapped(handler));
  https.createServer = patched as unknown as typeof https.createServer;

  return {
    requests,
    peakInFlight: peak,
    reset: () => {
      requests.length = 0;
      peak.clear();
      for (const [host, count] of inFlight) if (count > 0) peak.set(host, count);
    },
    uninstall: () => {
      https.createServer = original;
    },
  };
}
