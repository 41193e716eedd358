/**
 * What a person sees in the popup's job list, read from the DOM the same way in Chromium
 * (Playwright) and Firefox (Puppeteer): `page.evaluate(readRows)`. Runs in the page, so it
 * closes over nothing and has no inner named functions (see extension-global.ts).
 */

export interface RowView {
  /** `.job-name` textContent: the job's name exactly as drawn (never parsed as HTML). */
  name: string;
  /** The status word in the badge ("Copying", "Completed", "Throttled by the service"...). */
  status: string;
  /** `data-status` on the row: the status kind the word stands for. */
  statusKind: string;
  host: string;
  /** "ID abc123" */
  shortId: string;
  /** "to Archive" for a copy started in the popup, '' when hidden. */
  destination: string;
  /** The "Open" link's href when it is shown, else null. */
  openHref: string | null;
  /** The "Open" link's accessible name, '' when hidden. */
  openLabel: string;
  /** The visible percentage ("37%"), '' when hidden. */
  percentText: string;
  /** The progress element's value attribute as a number; null = indeterminate or no bar. */
  value: number | null;
  barHidden: boolean;
  /** The detail line (error code, problem, status description), '' when hidden. */
  detail: string;
  /** "about 5 sec left" / "finishing", '' when hidden. */
  eta: string;
  /** "checked just now" / "ended 3 sec. ago". */
  checked: string;
  /** Accessible name of the progress bar. */
  progressLabel: string;
  retryVisible: boolean;
}

export const readRows = (): RowView[] =>
  [...document.querySelectorAll<HTMLLIElement>('#job-list > li.job')].map((li) => {
    const bar = li.querySelector('progress');
    const percent = li.querySelector<HTMLElement>('.job-percent');
    const detail = li.querySelector<HTMLElement>('.job-detail');
    const eta = li.querySelector<HTMLElement>('.job-eta');
    const retry = li.querySelector<HTMLElement>('button[data-action="retry"]');
    const dest = li.querySelector<HTMLElement>('.job-dest');
    const open = li.querySelector<HTMLAnchorElement>('a.job-open');
    const openShown = !!open && !open.hidden;
    const raw = bar?.getAttribute('value');
    return {
      name: li.querySelector('.job-name')?.textContent ?? '',
      status: li.querySelector('.badge-text')?.textContent ?? '',
      statusKind: li.dataset['status'] ?? '',
      host: li.querySelector('.job-host')?.textContent ?? '',
      shortId: li.querySelector('.job-short')?.textContent ?? '',
      destination: dest && !dest.hidden ? (dest.textContent ?? '') : '',
      openHref: openShown ? open.getAttribute('href') : null,
      openLabel: openShown ? (open.getAttribute('aria-label') ?? '') : '',
      percentText: percent && !percent.hidden ? (percent.textContent ?? '') : '',
      value: bar && !bar.hidden && raw !== null && raw !== undefined ? Number(raw) : null,
      barHidden: !bar || bar.hidden === true,
      detail: detail && !detail.hidden ? (detail.textContent ?? '') : '',
      eta: eta && !eta.hidden ? (eta.textContent ?? '') : '',
      checked: li.querySelector('.job-checked')?.textContent ?? '',
      progressLabel: bar?.getAttribute('aria-label') ?? '',
      retryVisible: !!retry && !retry.hidden,
    };
  });

/**
 * The track form is ready for the next entry: the last submission was answered (no aria-busy)
 * and the URL field was emptied, which is the cue a person waits for. Runs in the page.
 */
export const trackFormIdle = (): boolean => {
  const form = document.getElementById('track-form');
  const url = document.getElementById('monitor-url');
  return form !== null && !form.hasAttribute('aria-busy') && url instanceof HTMLInputElement && url.value === '';
};

/** Polls `read` until `accept` holds and returns that value; throws with the last value seen. */
export async function waitForValue<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  options: { timeout: number; what: string; interval?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeout;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.timeout} ms waiting for ${options.what}; last seen: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.interval ?? 100));
  }
}
