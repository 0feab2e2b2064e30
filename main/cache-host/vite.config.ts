import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The hidden cache-host page: relative asset paths, so it loads from file:// and from the shell. */
export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: `${repo}out/cache-host`,
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
