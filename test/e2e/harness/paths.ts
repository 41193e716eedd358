import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where things are, independent of the directory a test or script was started from. */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** E2E_DIST_CHROME / E2E_DIST_FIREFOX point the tests at another build (an older one, a packed copy). */
export const DIST_CHROME = process.env['E2E_DIST_CHROME'] ?? path.join(REPO_ROOT, 'dist/chrome');
export const DIST_FIREFOX = process.env['E2E_DIST_FIREFOX'] ?? path.join(REPO_ROOT, 'dist/firefox');
/** Gitignored; screenshots and other artefacts of browser runs. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
/** Popup page inside a build, as the manifest's action.default_popup names it. */
export const POPUP_PATH = 'src/popup/popup.html';

/** The real binary: /usr/bin/chromium is a wrapper that adds its own --load-extension=. */
export const chromiumExecutable = (): string =>
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p)) ?? 'chromium';
export const firefoxExecutable = (): string =>
  ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p)) ?? 'firefox';

export function resolveDist(dist: string): string {
  const abs = path.resolve(REPO_ROOT, dist);
  if (!existsSync(path.join(abs, 'manifest.json'))) {
    throw new Error(`no build in ${abs}: run \`npm run build\` first`);
  }
  return abs;
}

/** `test-results/<name>.png`, creating folders on the way. */
export async function resultPath(name: string): Promise<string> {
  const file = path.join(RESULTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  return file;
}
