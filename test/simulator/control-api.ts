import type http from 'node:http';
import { ZodError } from 'zod';
import type { JobRegistry } from './jobs';
import type { RequestLog } from './request-log';

/**
 * JSON control API under /__sim/, so a demo or a test in another process can script the simulator:
 *   POST   /__sim/jobs            body: Scenario      -> 201 CreatedJob
 *   GET    /__sim/jobs/<id>                           -> { id, host, label, createdAt, timeline, state }
 *   GET    /__sim/requests[?jobId=j1][&since=<seq>]   -> LoggedRequest[]
 *   DELETE /__sim/requests                            -> 204
 *   GET    /__sim/health                              -> { ok: true }
 * Control requests are not written to the request log.
 */

const MAX_BODY = 64 * 1024;

function send(res: http.ServerResponse, status: number, value?: unknown): void {
  if (value === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

export async function handleControl(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rest: string,
  query: URLSearchParams,
  ctx: { jobs: JobRegistry; log: RequestLog },
): Promise<void> {
  const method = req.method ?? 'GET';
  try {
    if (rest === 'health' && method === 'GET') return send(res, 200, { ok: true });
    if (rest === 'jobs' && method === 'POST') return send(res, 201, ctx.jobs.create((await readJson(req)) as object));
    const jobMatch = /^jobs\/([^/]+)$/.exec(rest);
    if (jobMatch?.[1] && method === 'GET') {
      const job = ctx.jobs.get(jobMatch[1]);
      if (!job) return send(res, 404, { error: 'no such job' });
      return send(res, 200, {
        id: job.id,
        host: job.address.hostName,
        label: job.scenario.label,
        createdAt: job.createdAt,
        timeline: ctx.jobs.timelineOf(job),
        state: ctx.jobs.stateOf(job),
      });
    }
    if (rest === 'requests' && method === 'GET') {
      const since = query.get('since');
      return send(
        res,
        200,
        ctx.log.query({ jobId: query.get('jobId'), ...(since !== null ? { since: Number(since) } : {}) }),
      );
    }
    if (rest === 'requests' && method === 'DELETE') {
      ctx.log.clear();
      return send(res, 204);
    }
    return send(res, 404, { error: 'unknown control path' });
  } catch (error) {
    const message =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    return send(res, 400, { error: message });
  }
}
