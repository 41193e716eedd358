/** Part 2 (to be written): popup speed in real headless Chromium with 10, 200 and 1000 stored jobs. */
export interface PopupSpeed {
  runs: { jobs: number; drawnMs: number; samples: number; updateMs: number; rowsReplacedOnUpdate: number }[];
}
export async function measurePopupSpeed(_root: string): Promise<PopupSpeed> {
  throw new Error('popup speed: not written yet');
}
