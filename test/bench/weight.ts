import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Part 3: what each build ships, raw and gzip, per entry (the files a context actually loads).
 * MSAL must never reach the popup; its class names are searched for in the popup's files.
 */
export interface FileWeight {
  browser: string;
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface Weight {
  files: FileWeight[];
  popupJsGzipBytes: Record<string, number>;
  msalInPopup: boolean;
}

const MSAL_MARKERS = ['PublicClientApplication', 'msal-browser', '@azure/msal'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export function measureWeight(root: string): Weight {
  const files: FileWeight[] = [];
  const popupJsGzipBytes: Record<string, number> = {};
  let msalInPopup = false;
  for (const browser of ['chrome', 'firefox']) {
    const dir = path.join(root, 'dist', browser);
    for (const full of walk(dir)
      .filter((f) => /\.(js|css|html)$/.test(f))
      .sort()) {
      const content = readFileSync(full);
      const file = path.relative(dir, full);
      const weight = { browser, file, rawBytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
      files.push(weight);
    }
    // Everything the popup page loads: its scripts and styles, and what those import in turn.
    for (const file of loadedBy(dir, 'src/popup/popup.html')) {
      const content = readFileSync(path.join(dir, file));
      if (file.endsWith('.js'))
        popupJsGzipBytes[browser] = (popupJsGzipBytes[browser] ?? 0) + gzipSync(content, { level: 9 }).length;
      if (MSAL_MARKERS.some((marker) => content.includes(marker))) msalInPopup = true;
    }
  }
  return { files, popupJsGzipBytes, msalInPopup };
}

/** Files (relative to the build root) that a page loads, following script, style and import references. */
export function loadedBy(root: string, page: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(root, file), 'utf8');
    const refs = [
      ...text.matchAll(/<script[^>]+src="([^"]+)"/g),
      ...text.matchAll(/<link[^>]+href="([^"]+\.css)"/g),
      ...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{0,2}\/[^"]+\.js)"/g),
    ].map((match) => match[1] as string);
    for (const ref of refs) {
      const resolved = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(file), ref);
      visit(resolved);
    }
  };
  visit(page);
  return [...seen];
}
