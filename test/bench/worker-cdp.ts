import type { BrowserContext, CDPSession } from 'playwright-core';

/**
 * A DevTools session on the extension's service worker. Playwright gives CDP sessions for pages
 * only, so this attaches from the browser session in non-flattened mode and tunnels commands with
 * Target.sendMessageToTarget. The Performance domain does not exist in workers; the Profiler does.
 */
/** The parts of a DevTools `Profiler.Profile` used here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface WorkerSession {
  send<T = unknown>(method: string, params?: object): Promise<T>;
  detach(): Promise<void>;
}

export async function attachToServiceWorker(context: BrowserContext, origin: string): Promise<WorkerSession> {
  const browser = context.browser();
  if (browser === null) throw new Error('no browser behind this context');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(origin));
  if (target === undefined) throw new Error('the service worker is not running');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });

  let lastId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const onMessage = (event: { sessionId?: string; message: string }): void => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (waiter === undefined || message.id === undefined) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);

  return {
    send: <T>(method: string, params: object = {}): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const id = ++lastId;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        cdp
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch((error: unknown) => {
            pending.delete(id);
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      }),
    detach: async () => {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}

/** The worker thread's CPU, from a sampling profile: every sample not in "(idle)" counts as busy. */
export interface BusyTimeline {
  /** Epoch ms of each sample (mapped from the profiler's clock by `epochAtStartMs`). */
  at: Float64Array;
  /** Busy microseconds the sample stands for (its time delta), 0 when idle. */
  busyUs: Float64Array;
}

export function busyTimeline(profile: CpuProfile, epochAtStartMs: number): BusyTimeline {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const at = new Float64Array(samples.length);
  const busyUs = new Float64Array(samples.length);
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    const delta = deltas[i] ?? 0;
    t += delta;
    at[i] = epochAtStartMs + (t - profile.startTime) / 1000;
    busyUs[i] = idle.has(samples[i] ?? -1) ? 0 : delta;
  }
  return { at, busyUs };
}

/** Busy milliseconds between consecutive boundaries (epoch ms): `boundaries.length - 1` windows. */
export function busyBetween(timeline: BusyTimeline, boundaries: readonly number[]): number[] {
  const windows = new Array<number>(Math.max(0, boundaries.length - 1)).fill(0);
  let w = 0;
  for (let i = 0; i < timeline.at.length; i++) {
    const t = timeline.at[i] ?? 0;
    while (w < windows.length && t >= (boundaries[w + 1] ?? Infinity)) w++;
    if (w >= windows.length) break;
    if (t >= (boundaries[w] ?? Infinity)) windows[w] = (windows[w] ?? 0) + (timeline.busyUs[i] ?? 0) / 1000;
  }
  return windows;
}
