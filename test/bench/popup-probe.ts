/**
 * In-page instrumentation for part 2, installed with `page.addInitScript(instrumentPopup, rows)`
 * before the popup document loads; the popup's own code is untouched. Everything here runs in
 * the page: it closes over nothing from Node. (tsx's keepNames wraps named inner functions in a
 * `__name` helper; `NAME_SHIM` defines it in the page first.)
 *
 * Clock: `performance.now()`, i.e. milliseconds since the popup document's navigation start
 * (`performance.timeOrigin`).
 */

export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export interface DrawTiming {
  /** Jobs stored. */
  expected: number;
  /** Rows in the DOM when the list was drawn (a long list draws only those near the view). */
  rows: number;
  /**
   * How many jobs the list says it holds: `aria-setsize` of its rows (what assistive technology
   * reads as "3 of 1000"), or the number of rows when they carry none.
   */
  setSize: number;
  /** No stand-in for undrawn rows (any child of #job-list but a row) overlaps the visible part of the page. */
  viewportCovered: boolean;
  /** Height of the whole list, stand-ins included: what scrolling sees. */
  listHeight: number;
  /** popup.js's `storage.local.get(null)` call and its answer (null if the call could not be watched). */
  storageGetCalledMs: number | null;
  storageGetAnsweredMs: number | null;
  /** DOMContentLoaded finished. */
  domContentLoadedMs: number;
  /**
   * The mutation observer saw a visible #job-list that says it holds all `expected` jobs: all of
   * them as rows, or rows with `aria-setsize` = expected (then the frame must show no stand-in in view).
   */
  domMs: number;
  /**
   * The next requestAnimationFrame callback. (In Chromium 156 the first frame after a big
   * insertion runs style and layout before the rAF callbacks, so this is not a clean split.)
   */
  frameMs: number;
  /**
   * A task posted from that rAF callback ran: the frame's style, layout and paint are done.
   * This is "drawn".
   */
  drawnMs: number;
  /** Height of the last row in the DOM after that frame (> 0: laid out). */
  lastRowHeight: number;
}

export interface UpdateTiming {
  /** Our storage.onChanged listener (registered before the popup's) got the change. */
  eventMs: number;
  /** The first mutation observer callback on the changed row after that. */
  rowMutatedMs: number;
  /** Our second listener (registered after the popup's) ran: the popup's handler returned. */
  handlerDoneMs: number | null;
  /** Mutation records on the changed row (text, attribute and child changes). */
  rowMutationRecords: number;
  /** <li> rows added to / removed from #job-list between arming and 50 ms after the change. */
  rowsAdded: number;
  rowsRemoved: number;
  /** The row's percentage text after the change. */
  percentText: string;
}

export interface PopupProbe {
  drawn: Promise<DrawTiming>;
  /** storage.onChanged events for keys other than the one being watched (expect 0: nothing else writes). */
  foreignEvents: number;
  /** Watch `key`'s row (found by its short id) for the next change. */
  arm(key: string, shortId: string): void;
  /** Resolves once the armed row changed (rejects after 3 s). */
  result(): Promise<UpdateTiming>;
}

interface ChangeEvent {
  addListener(listener: (changes: Record<string, unknown>, area: string) => void): void;
}
interface StorageLike {
  storage: {
    onChanged: ChangeEvent;
    local: { get: (...args: unknown[]) => unknown };
  };
}

/** In `page.evaluate` callbacks: `(globalThis as unknown as BenchWindow).__popupBench`. */
export interface BenchWindow {
  __popupBench: PopupProbe;
}

export function instrumentPopup(expected: number): void {
  if (!location.pathname.endsWith('/popup.html')) return;
  const chromeApi = (globalThis as unknown as { chrome: StorageLike }).chrome;
  const now = (): number => performance.now();

  let storageGetCalledMs: number | null = null;
  let storageGetAnsweredMs: number | null = null;
  // Time popup.js's first read of storage (the polyfill passes a callback; a promise works too).
  try {
    const local = chromeApi.storage.local;
    const get = local.get.bind(local);
    local.get = (...args: unknown[]): unknown => {
      if (storageGetCalledMs !== null) return get(...args);
      storageGetCalledMs = now();
      const last = args.at(-1);
      if (typeof last === 'function') {
        args[args.length - 1] = (...results: unknown[]): unknown => {
          storageGetAnsweredMs = now();
          return (last as (...r: unknown[]) => unknown)(...results);
        };
        return get(...args);
      }
      return Promise.resolve(get(...args)).then((value) => {
        storageGetAnsweredMs = now();
        return value;
      });
    };
  } catch {
    // The binding refused the wrapper: the breakdown just lacks the storage read.
  }

  let watchKey: string | null = null;
  let eventMs: number | null = null;
  let handlerDoneMs: number | null = null;
  let rowMutatedMs: number | null = null;
  let rowMutationRecords = 0;
  let rowsAdded = 0;
  let rowsRemoved = 0;
  let rowObserver: MutationObserver | null = null;
  let target: HTMLElement | null = null;
  let settle: (() => void) | null = null;

  let drawnResolve: (timing: DrawTiming) => void = () => undefined;
  const probe: PopupProbe = {
    drawn: new Promise<DrawTiming>((resolve) => (drawnResolve = resolve)),
    foreignEvents: 0,
    arm(key, shortId) {
      watchKey = key;
      eventMs = null;
      handlerDoneMs = null;
      rowMutatedMs = null;
      rowMutationRecords = 0;
      rowsAdded = 0;
      rowsRemoved = 0;
      rowObserver?.disconnect();
      target = null;
      for (const li of document.querySelectorAll<HTMLElement>('#job-list > li.job')) {
        if (li.querySelector('.job-short')?.textContent?.endsWith(shortId) === true) target = li;
      }
      if (target === null) throw new Error(`no row shows ${shortId}`);
      rowObserver = new MutationObserver((records) => {
        if (eventMs === null) return;
        rowMutationRecords += records.length;
        if (rowMutatedMs === null) {
          rowMutatedMs = now();
          settle?.();
        }
      });
      rowObserver.observe(target, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    result() {
      return new Promise<UpdateTiming>((resolve, reject) => {
        const finish = (): void => {
          // Give a deferred redraw (if the popup had one) time to show up in the counts.
          setTimeout(() => {
            if (eventMs === null || rowMutatedMs === null) {
              reject(new Error('the row did not change'));
              return;
            }
            resolve({
              eventMs,
              rowMutatedMs,
              handlerDoneMs,
              rowMutationRecords,
              rowsAdded,
              rowsRemoved,
              percentText: target?.querySelector('.job-percent')?.textContent ?? '',
            });
          }, 50);
        };
        if (rowMutatedMs !== null) finish();
        else {
          settle = finish;
          setTimeout(() => reject(new Error('no change within 3 s')), 3_000);
        }
      });
    },
  };
  (globalThis as unknown as BenchWindow).__popupBench = probe;

  // Registered before popup.js runs, so it hears each change first (listeners fire in order).
  chromeApi.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (watchKey !== null && watchKey in changes) eventMs = now();
    else probe.foreignEvents++;
  });

  document.addEventListener('readystatechange', () => {
    // "interactive" comes after parsing and before the deferred module script runs.
    if (document.readyState !== 'interactive') return;
    const list = document.getElementById('job-list');
    if (list === null) return;
    let domMs: number | null = null;
    const rowsNow = (): NodeListOf<HTMLElement> => list.querySelectorAll<HTMLElement>(':scope > li.job');
    /** What the list says it holds: its rows' aria-setsize, else the number of rows. */
    const setSizeNow = (rows: NodeListOf<HTMLElement>): number => {
      const first = rows[0];
      if (first === undefined) return 0;
      const declared = Number(first.getAttribute('aria-setsize'));
      return declared > 0 ? declared : rows.length;
    };
    /** After a frame: nothing but rows in the visible part of the list (read once layout is done). */
    const isViewportCovered = (): boolean => {
      const rect = list.getBoundingClientRect();
      const top = Math.max(0, rect.top);
      const bottom = Math.min(innerHeight, rect.bottom);
      if (rowsNow().length === 0) return false;
      for (const child of list.children) {
        if (child.matches('li.job')) continue;
        const box = child.getBoundingClientRect();
        if (box.height > 0 && box.bottom > top && box.top < bottom) return false;
      }
      return true;
    };
    const onRows = (): void => {
      if (domMs !== null || list.hidden) return;
      const rows = rowsNow();
      if (rows.length === 0 || setSizeNow(rows) < expected) return;
      domMs = now();
      const drawnAt = domMs;
      requestAnimationFrame(() => {
        const frameMs = now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const drawnMs = now();
          if (!isViewportCovered()) {
            // Not what a person sees as the list yet: wait for the popup's next change.
            domMs = null;
            return;
          }
          const rowsDrawn = rowsNow();
          const last = rowsDrawn[rowsDrawn.length - 1];
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          drawnResolve({
            expected,
            rows: rowsDrawn.length,
            setSize: setSizeNow(rowsDrawn),
            viewportCovered: true,
            listHeight: list.getBoundingClientRect().height,
            storageGetCalledMs,
            storageGetAnsweredMs,
            domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? NaN,
            domMs: drawnAt,
            frameMs,
            drawnMs,
            lastRowHeight: last?.getBoundingClientRect().height ?? 0,
          });
        };
        channel.port2.postMessage(null);
      });
    };
    // Children of the list only (a row's own content changing is not a redraw); a stand-in's
    // style changing as rows are measured is not watched: the rows around it are.
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof HTMLLIElement && domMs !== null) rowsAdded++;
        for (const node of record.removedNodes) if (node instanceof HTMLLIElement && domMs !== null) rowsRemoved++;
      }
      onRows();
    }).observe(list, { childList: true, attributes: true, attributeFilter: ['hidden'] });
    onRows();
  });
  // After popup.js registered its listener: marks the end of its handler.
  document.addEventListener('DOMContentLoaded', () => {
    chromeApi.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && watchKey !== null && watchKey in changes) handlerDoneMs = now();
    });
  });
}
