import { defineConfig } from 'vite';
import webExtension from 'vite-plugin-web-extension';

// One root manifest with {{chrome}}./{{firefox}}. prefixes; TARGET picks the browser.
/** Built by vite.firefox-background.config.ts, which names it too. */
const FIREFOX_BACKGROUND_PAGE = 'src/firefox-background/background.html';
const target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';

export default defineConfig({
  build: {
    outDir: `dist/${target}`,
    emptyOutDir: true,
    // The popup must open fast; keep output readable enough to audit but minified.
    minify: true,
    sourcemap: false,
    target: 'es2022',
    // Extension files load from disk, and a lazy chunk's imports are loaded already (the popup's
    // copy screen): no preload helper in the popup's first script.
    modulePreload: false,
  },
  plugins: [
    webExtension({
      browser: target,
      manifest: 'manifest.json',
      // The manifest JSON schema lives online; there is no network here.
      skipManifestValidation: true,
      disableAutoLaunch: true,
      // The manifest `key` pins the unpacked Chrome extension id, so the sign-in redirect URI
      // (https://<id>.chromiumapp.org/) is the same on every machine. The Chrome Web Store
      // refuses a manifest with a key and assigns its own id: STORE=1 leaves it out.
      transformManifest: (manifest) => {
        if (process.env.STORE === '1') delete (manifest as { key?: string }).key;
        // Firefox's event page is built on its own (vite.firefox-background.config.ts), not with
        // the popup: built together they share chunks, and the popup would load what the event
        // page needs (about 1.8 KB gzip more on every popup open). So the page is named here.
        if (target === 'firefox') manifest.background = { page: FIREFOX_BACKGROUND_PAGE };
        return manifest;
      },
      // Chrome hosts MSAL in an offscreen document (sign-in.md). Firefox runs it in its event page,
      // a `background.page` (an HTML entry) because the plugin bundles `background.scripts` into
      // one IIFE, inlining MSAL's dynamic import.
      additionalInputs: target === 'chrome' ? ['src/offscreen/offscreen.html'] : [],
    }),
  ],
});
