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
  /** All popup JavaScript: what it loads at open plus the chunks it imports later (copy screen). */
  popupJsGzipBytes: Record<string, number>;
  /** Of which loaded at open. */
  popupJsAtOpenGzipBytes: Record<string, number>;
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
  const popupJsAtOpenGzipBytes: Record<string, number> = {};
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
    const atOpen = new Set(loadedBy(dir, 'src/popup/popup.html', { dynamic: false }));
    for (const file of loadedBy(dir, 'src/popup/popup.html')) {
      const content = readFileSync(path.join(dir, file));
      if (file.endsWith('.js')) {
        const gzip = gzipSync(content, { level: 9 }).length;
        popupJsGzipBytes[browser] = (popupJsGzipBytes[browser] ?? 0) + gzip;
        if (atOpen.has(file)) popupJsAtOpenGzipBytes[browser] = (popupJsAtOpenGzipBytes[browser] ?? 0) + gzip;
      }
      if (MSAL_MARKERS.some((marker) => content.includes(marker))) msalInPopup = true;
    }
  }
  return { files, popupJsGzipBytes, popupJsAtOpenGzipBytes, msalInPopup };
}

/**
 * Files (relative to the build root) that a page loads, following script, style and import
 * references; with `dynamic: false`, not the chunks loaded later by `import()`. Vite writes a
 * dynamic import's path in backticks, a static one in double quotes.
 */
export function loadedBy(root: string, page: string, options: { dynamic?: boolean } = {}): string[] {
  const quoted = '["\'`](\\.{0,2}/[^"\'`]+\\.js)["\'`]';
  const staticImport = new RegExp(`(?:from|import)\\s*${quoted}`, 'g');
  const dynamicImport = new RegExp(`import\\(\\s*${quoted}\\s*\\)`, 'g');
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(root, file), 'utf8');
    const refs = [
      ...text.matchAll(/<script[^>]+src="([^"]+)"/g),
      ...text.matchAll(/<link[^>]+href="([^"]+\.css)"/g),
      ...text.matchAll(staticImport),
      ...(options.dynamic === false ? [] : text.matchAll(dynamicImport)),
    ].map((match) => match[1] as string);
    for (const ref of refs) {
      const resolved = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(file), ref);
      visit(resolved);
    }
  };
  visit(page);
  return [...seen];
}
