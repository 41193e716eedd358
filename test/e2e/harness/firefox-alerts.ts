import type { Browser } from 'puppeteer-core';

/**
 * Firefox's own notification windows, seen and clicked the way a person does.
 *
 * With the pref `alerts.useSystemBackend` false, Firefox shows `notifications.create` in its own
 * alert window (chrome://global/content/alerts/alert.xhtml) instead of handing it to the OS.
 * Headless Firefox draws that window like any other and keeps it for its 20 s animation, so the
 * notification is "shown" (onShown fires) and stays until clicked, closed or timed out. (With the
 * system backend, headless Firefox finishes every alert at once: onClosed, never onShown.)
 *
 * The window is a privileged (chrome) browsing context: WebDriver BiDi lists it with
 * `"moz:scope": "chrome"` and evaluates script in it because the harness starts Firefox with
 * `--remote-allow-system-access`. BiDi's input.performActions refuses chrome contexts, so the
 * click is a native mouse event from `windowUtils.sendNativeMouseEvent` at the message's screen
 * position: it enters Gecko where an OS click would (headless widget -> hit test -> DOM click),
 * and the alert window's own click handler tells the add-on, whose `notifications.onClicked`
 * then fires as it would on a desktop.
 */

export interface AlertWindow {
  /** BiDi browsing context id of the alert window. */
  context: string;
  title: string;
  text: string;
}

interface BidiConnection {
  send(method: string, params: unknown): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

/** Puppeteer's BiDi connection (the BidiBrowser's `connection` getter is internal, so not typed). */
function connectionOf(browser: Browser): BidiConnection {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (connection === undefined || typeof connection.send !== 'function') {
    throw new Error('not a WebDriver BiDi browser: no connection to send raw commands over');
  }
  return connection;
}

/** Evaluates an expression in a chrome context; resolves with its (JSON-serialisable) string value. */
async function evaluateIn(browser: Browser, context: string, expression: string): Promise<string> {
  const { result } = await connectionOf(browser).send('script.evaluate', {
    expression,
    target: { context },
    awaitPromise: true,
  });
  const evaluated = result as EvaluateResult;
  if (evaluated.type !== 'success') throw new Error(`chrome script failed: ${evaluated.exceptionDetails?.text ?? '?'}`);
  const value = evaluated.result?.value;
  if (typeof value !== 'string')
    throw new Error(`chrome script gave ${evaluated.result?.type ?? 'nothing'}, not a string`);
  return value;
}

/** Firefox's alert windows open now, oldest first. */
export async function alertWindows(browser: Browser): Promise<AlertWindow[]> {
  const { result } = await connectionOf(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = (result as { contexts: { context: string; url: string }[] }).contexts.filter((c) =>
    c.url.startsWith('chrome://global/content/alerts/alert.xhtml'),
  );
  const found: AlertWindow[] = [];
  for (const { context } of contexts) {
    try {
      const read = await evaluateIn(
        browser,
        context,
        `JSON.stringify({ title: document.getElementById('alertTitleLabel')?.value ?? '', text: document.getElementById('alertTextLabel')?.textContent ?? '' })`,
      );
      found.push({ context, ...(JSON.parse(read) as { title: string; text: string }) });
    } catch {
      // Closed between the listing and the look: not there any more.
    }
  }
  return found;
}

/**
 * Clicks the middle of the alert's message with a native mouse event (move, press, release).
 * Resolves once the events were queued; the window closes itself after its click animation.
 */
export async function clickAlertWindow(browser: Browser, alert: AlertWindow): Promise<{ x: number; y: number }> {
  const at = await evaluateIn(
    browser,
    alert.context,
    `(() => {
      const label = document.getElementById('alertTextLabel');
      const box = label.getBoundingClientRect();
      const scale = devicePixelRatio;
      const x = (mozInnerScreenX + box.x + box.width / 2) * scale;
      const y = (mozInnerScreenY + box.y + box.height / 2) * scale;
      const u = windowUtils;
      u.sendNativeMouseEvent(x, y, u.NATIVE_MOUSE_MESSAGE_MOVE, 0, 0, label, null);
      u.sendNativeMouseEvent(x, y, u.NATIVE_MOUSE_MESSAGE_BUTTON_DOWN, 0, 0, label, null);
      u.sendNativeMouseEvent(x, y, u.NATIVE_MOUSE_MESSAGE_BUTTON_UP, 0, 0, label, null);
      return JSON.stringify({ x, y });
    })()`,
  );
  return JSON.parse(at) as { x: number; y: number };
}
