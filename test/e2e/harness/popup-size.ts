/**
 * A browser sizes its action popup to the page's preferred size (at most 800 x 600). A tab is
 * as wide as its viewport, so the harness narrows the tab to the body's width: screenshots then
 * show what a user sees, without a strip of empty page at the side.
 */

export const POPUP_VIEWPORT = { width: 400, height: 600 } as const;

/** Runs in the page: the right edge of <body>, at least 200 px. */
export const bodyWidth = (): number => Math.max(200, Math.ceil(document.body.getBoundingClientRect().right));
