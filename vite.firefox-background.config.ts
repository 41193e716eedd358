import { defineConfig } from 'vite';

/**
 * Firefox's event page, built after `TARGET=firefox vite build` into the same dist/firefox, as a
 * build of its own so that it shares no chunk with the popup (see vite.config.ts). Its chunks go
 * beside the page; MSAL stays a chunk that is loaded on the first sign-in or token request.
 */
/** Also named in vite.config.ts, which puts it in the Firefox manifest. */
const FIREFOX_BACKGROUND_PAGE = 'src/firefox-background/background.html';

export default defineConfig({
  build: {
    outDir: 'dist/firefox',
    emptyOutDir: false,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: FIREFOX_BACKGROUND_PAGE,
      output: {
        entryFileNames: 'src/firefox-background/[name].js',
        chunkFileNames: 'src/firefox-background/[name].js',
      },
    },
  },
});
