import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The web app: `npm run build:web` → web/dist (served at / by the local server and the stack).
 *
 * Target: the engines Chinese phones run. WeChat's in-app browser (XWeb/X5, Chromium 86+ today,
 * older X5 cores Chromium 66+), Android System WebViews from Chrome 64 (the first with native ES
 * modules, dynamic import() and import.meta, which Vite's output and its lazy chunks need), and
 * iOS Safari/WKWebView 12+. Syntax newer than that (?. ?? class fields, optional catch) is
 * lowered; missing built-ins zod and Preact 11 call are filled in by polyfills.ts.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    target: ['chrome64', 'safari12', 'ios12', 'firefox67', 'edge79'],
    outDir: 'dist',
    emptyOutDir: true,
    // The lazy chunks import only the entry, which is already loaded: no preload polyfill needed.
    modulePreload: false,
  },
});
