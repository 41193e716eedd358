/**
 * A polite live region for state changes ("Copy X completed"), never for every percent tick.
 * Messages that arrive together are read together; the same text twice is re-announced.
 */
export function createAnnouncer(region: HTMLElement): (message: string) => void {
  let pending: string[] = [];
  let flushQueued = false;
  return (message: string) => {
    if (message === '') return;
    pending.push(message);
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(() => {
      flushQueued = false;
      const text = pending.join('. ');
      pending = [];
      // Screen readers skip a live region whose text did not change: clear it first.
      if (region.textContent === text) region.textContent = '';
      region.textContent = text;
    });
  };
}
