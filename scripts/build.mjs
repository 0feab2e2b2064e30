// One build for the desktop app: main (Electron glue), both preloads, the browser shell and its
// bridge (esbuild), and the two pages, renderer and cache host (vite).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const production = process.env.NODE_ENV !== 'development';

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  minify: false,
  absWorkingDir: root,
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  // ws's optional native speed-ups: absent on purpose (the app takes no native modules).
  external: ['bufferutil', 'utf-8-validate'],
};

const bundles = [
  { entryPoints: ['main/app/main.ts'], outfile: 'out/main/app.cjs', platform: 'node', format: 'cjs', target: 'node20', external: [...common.external, 'electron'] },
  { entryPoints: ['preload/index.ts'], outfile: 'out/preload/preload.cjs', platform: 'browser', format: 'cjs', target: 'chrome120', external: ['electron'] },
  { entryPoints: ['preload/cache-host.ts'], outfile: 'out/preload/cache-host.cjs', platform: 'browser', format: 'cjs', target: 'chrome120', external: ['electron'] },
  { entryPoints: ['main/shell/main.ts'], outfile: 'out/shell/shell.mjs', platform: 'node', format: 'esm', target: 'node20',
    banner: { js: "import { createRequire as __magpieRequire } from 'node:module'; const require = __magpieRequire(import.meta.url);" } },
  { entryPoints: ['preload/shell-bridge.ts'], outfile: 'out/shell/shell-bridge.js', platform: 'browser', format: 'iife', target: 'chrome120' },
];

async function main() {
  const only = process.argv.slice(2);
  if (only.length === 0) await rm(out, { recursive: true, force: true });
  const wanted = (name) => only.length === 0 || only.includes(name);
  const started = Date.now();

  await Promise.all(
    bundles.filter((bundle) => wanted(bundle.outfile.split('/')[1])).map((bundle) => esbuild({ ...common, ...bundle, external: bundle.external ?? common.external })),
  );
  for (const page of ['renderer', 'cache-host']) {
    if (!wanted(page)) continue;
    const configFile = page === 'renderer' ? 'renderer/vite.config.ts' : 'main/cache-host/vite.config.ts';
    await viteBuild({ configFile: path.join(root, configFile), logLevel: 'warn', mode: production ? 'production' : 'development' });
  }
  console.log(`Built Magpie into out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
