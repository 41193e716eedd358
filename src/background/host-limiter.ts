/**
 * At most `limit` requests in flight per host: 500 jobs on one SharePoint tenant must not
 * become 500 simultaneous requests (that is how one gets throttled).
 */
export function createHostLimiter(limit: number) {
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  let peak = 0;

  async function acquire(host: string): Promise<void> {
    const count = active.get(host) ?? 0;
    if (count < limit) {
      active.set(host, count + 1);
      peak = Math.max(peak, count + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const queue = waiting.get(host) ?? [];
      queue.push(resolve);
      waiting.set(host, queue);
    });
  }

  function release(host: string): void {
    const next = waiting.get(host)?.shift();
    // Hand the slot straight to the next waiter; the count stays the same.
    if (next !== undefined) next();
    else active.set(host, (active.get(host) ?? 1) - 1);
  }

  return {
    async run<T>(host: string, task: () => Promise<T>): Promise<T> {
      await acquire(host);
      try {
        return await task();
      } finally {
        release(host);
      }
    },
    /** Highest number of requests seen in flight to one host (for the benchmark). */
    peakInFlight: (): number => peak,
  };
}
export type HostLimiter = ReturnType<typeof createHostLimiter>;
