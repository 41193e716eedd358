import { defineConfig } from 'vite';
import webExtension from 'vite-plugin-web-extension';

// One root manifest with {{chrome}}./{{firefox}}. prefixes; TARGET picks the browser.
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
      // Chrome hosts MSAL in an offscreen document (sign-in.md); Firefox will use its event page.
      additionalInputs: target === 'chrome' ? ['src/offscreen/offscreen.html'] : [],
    }),
  ],
});
