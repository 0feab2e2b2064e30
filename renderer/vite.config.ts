import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const rendererDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * The dev server's React Refresh preamble is an inline script, which the CSP in index.html rightly
 * forbids; only while serving, allow it. Built files keep the strict policy untouched.
 */
function devOnlyInlineScripts(): Plugin {
  return {
    name: 'magpie-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  root: rendererDir,
  base: './',
  plugins: [react(), devOnlyInlineScripts()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill would be an extra script for browsers we never run in.
    modulePreload: { polyfill: false },
    // Keep every asset a file of our own origin (CSP img-src allows data:, but fonts do not).
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: { strictPort: true },
});
