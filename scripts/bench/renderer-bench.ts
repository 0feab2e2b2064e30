import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { build } from 'vite';
import { percentile, REPO_ROOT } from './bench-kit';
import type { RendererBench } from './renderer-bench-page/harness';

/**
 * The renderer, measured as a user meets it: the real app (renderer/main.tsx: Root, components,
 * styles, i18n, react-query, the virtualized list) built by vite into a temporary page whose
 * `window.magpie` is an in-memory bridge (renderer-bench-page/bench-bridge.ts) holding a long
 * conversation, driven in Debian's Chromium over loopback.
 *
 *   node --import tsx scripts/bench/renderer-bench.ts [--messages=100000] [--scroll-seconds=60] [--step=600] [--reps=7]
 *
 * (1) click on a conversation in the list → its newest message painted: the long conversation vs
 *     a 20-message one (cold, then the median of re-opens); (2) flicking up through the long
 *     conversation, older pages loading as the list asks for them: rAF frame times against an idle
 *     page's, and message rows in the DOM against messages loaded; (3) JS heap and DOM nodes with
 *     it open after the scroll (before and after a forced GC) vs with the small one open.
 */

export interface Row { metric: string; magpie: string; raw: string; ratio: string }

export interface RendererBenchOptions {
  messages: number;
  /** Stop scrolling after this long, loaded or not. */
  scrollSeconds: number;
  /** Pixels scrolled up per frame: a fast flick on a trackpad. */
  step: number;
  /** Opens of each conversation (the first is cold: its first page comes from the bridge). */
  reps: number;
}

const DEFAULTS: RendererBenchOptions = { messages: 100_000, scrollSeconds: 60, step: 600, reps: 7 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
];
const PAGE_DIR = path.join(REPO_ROOT, 'scripts/bench/renderer-bench-page');

export function parseArgs(argv: string[]): RendererBenchOptions {
  const options = { ...DEFAULTS };
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(\d+)$/.exec(arg);
    const key = match?.[1]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof RendererBenchOptions | undefined;
    if (!match || !key || !(key in options)) throw new Error(`unknown argument ${arg}`);
    options[key] = Number(match[2]);
  }
  if (options.messages < 100) throw new Error('--messages must be at least 100');
  return options;
}

/** The renderer's own vite config (plugins, target, CSP-safe assets), rooted at the bench page. */
async function buildPage(outDir: string, minify: boolean): Promise<void> {
  await build({
    configFile: path.join(REPO_ROOT, 'renderer/vite.config.ts'),
    root: PAGE_DIR,
    publicDir: path.join(REPO_ROOT, 'renderer/public'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false, minify, chunkSizeWarningLimit: 4096 },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((done) => server.close(() => done())) });
    }),
  );
}

type Bench = { [K in keyof RendererBench]: RendererBench[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };
/** Calls `window.rendererBench[name](...args)` in the page. */
function inPage(page: Page): Bench {
  return new Proxy({} as Bench, {
    get: (_, name: string) => (...args: unknown[]) =>
      page.evaluate(([n, a]) => (window as any).rendererBench[n as string](...(a as unknown[])), [name, args] as const),
  });
}

async function heap(cdp: CDPSession, collect: boolean): Promise<{ usedMb: number; nodes: number }> {
  if (collect) {
    // Twice: the first pass can leave garbage that only a second one frees (weak maps, finalizers).
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { usedMb: metric('JSHeapUsedSize') / 2 ** 20, nodes: metric('Nodes') };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
}

function logProfile(log: (line: string) => void, file: string, profile: CpuProfile): void {
  writeFileSync(file, JSON.stringify(profile));
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]!);
    const us = deltas[i + 1] ?? 0;
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + us);
    if (functionName !== '(idle)' && functionName !== '(program)') total += us;
  }
  log(`CPU profile written to ${file}; busy ${fmt(total / 1000)} ms; top self time:`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${fmt(us / 1000).padStart(7)} ms  ${name}`);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
const mb = (n: number) => `${fmt(n, 1)} MB`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => percentile(sorted(values), 50);

export async function runRendererBench(log: (line: string) => void, options: RendererBenchOptions = parseArgs([])): Promise<Row[]> {
  const rows: Row[] = [];
  const outDir = mkdtempSync(path.join(tmpdir(), 'magpie-renderer-bench-'));
  const started = Date.now();
  // MAGPIE_BENCH_PROFILE=file.cpuprofile: an unminified build, the scroll phase's CPU profile
  // written there (open it in Chrome's DevTools), and the top functions by self time logged.
  // MAGPIE_BENCH_TRACE=file.json: a Chromium trace of the scroll phase (layout, paint, tasks).
  const profile = process.env.MAGPIE_BENCH_PROFILE;
  let close = async () => {};
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    await buildPage(outDir, !profile);
    log(`built the bench page in ${fmt((Date.now() - started) / 1000, 1)} s`);
    const server = await serve(outDir);
    close = server.close;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.goto(`${server.url}?messages=${options.messages}`);
    await page.waitForFunction(() => 'rendererBench' in window);
    const bench = inPage(page);
    await bench.ready();
    const { big, small } = await bench.world();

    // (1) Open each conversation `reps` times, alternating; the first open of each is cold.
    const bigTimes: number[] = [];
    const smallTimes: number[] = [];
    for (let i = 0; i < options.reps; i++) {
      smallTimes.push(await bench.open(small.id, small.count));
      await page.waitForTimeout(200);
      bigTimes.push(await bench.open(big.id, big.count));
      await page.waitForTimeout(200);
    }
    log(`open ${fmt(small.count)}-message conversation: ${smallTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    log(`open ${fmt(big.count)}-message conversation: ${bigTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    const [bigCold, ...bigWarm] = bigTimes;
    const [smallCold, ...smallWarm] = smallTimes;
    rows.push({
      metric: `open ${fmt(big.count)}-msg conversation, click → newest painted (first open)`,
      magpie: ms(bigCold!),
      raw: `20 msgs: ${ms(smallCold!)}`,
      ratio: `${(bigCold! / smallCold!).toFixed(2)}x`,
    });
    rows.push({
      metric: `open ${fmt(big.count)}-msg conversation again (median of ${bigWarm.length})`,
      magpie: ms(median(bigWarm)),
      raw: `20 msgs: ${ms(median(smallWarm))}`,
      ratio: `${(median(bigWarm) / median(smallWarm)).toFixed(2)}x`,
    });

    // (3, baseline) heap with the small conversation open.
    await bench.open(small.id, small.count);
    await page.waitForTimeout(500);
    const smallHeap = await heap(cdp, true);
    log(`small conversation open: heap ${mb(smallHeap.usedMb)} after GC, ${fmt(smallHeap.nodes)} DOM nodes`);

    // (2) Scroll up through the long one.
    const idle = sorted(await bench.idleFrames(2_000));
    await bench.open(big.id, big.count);
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    if (process.env.MAGPIE_BENCH_TRACE) await browser.startTracing(page, { path: process.env.MAGPIE_BENCH_TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
    await bench.startScroll(big.id, options.step);
    const deadline = Date.now() + options.scrollSeconds * 1000;
    let status = await bench.scrollStatus();
    while (!status.done && Date.now() < deadline) {
      await page.waitForTimeout(Math.min(5_000, Math.max(0, deadline - Date.now())));
      status = await bench.scrollStatus();
      log(
        `scroll ${fmt(status.elapsedMs / 1000, 0)} s: ${fmt(status.loaded)} / ${fmt(big.count)} loaded, ${fmt(status.frames)} frames, ` +
          `${status.domRows} rows in the DOM, scroll height ${fmt(status.scrollHeight / 1e6, 2)} Mpx`,
      );
    }
    const scroll = await bench.stopScroll();
    if (process.env.MAGPIE_BENCH_TRACE) await browser.stopTracing();
    if (profile) logProfile(log, profile, (await cdp.send('Profiler.stop')).profile);
    const frames = sorted(scroll.frameMs);
    const seconds = scroll.elapsedMs / 1000;
    log(
      `${scroll.done ? 'reached the first message' : `stopped after ${options.scrollSeconds} s`}: ${fmt(scroll.loaded)} loaded, ` +
        `${scroll.longTaskMs.length} long tasks (${fmt(scroll.longTaskMs.reduce((a, b) => a + b, 0))} ms, max ${fmt(Math.max(0, ...scroll.longTaskMs))} ms)`,
    );
    rows.push({
      metric: `scroll up ${options.step} px/frame, rAF frame time p50 / p95 / max`,
      magpie: `${ms(percentile(frames, 50))} / ${ms(percentile(frames, 95))} / ${ms(frames.at(-1) ?? NaN)}`,
      raw: `idle: ${ms(percentile(idle, 50))} / ${ms(percentile(idle, 95))}`,
      ratio: `${(percentile(frames, 95) / percentile(idle, 95)).toFixed(2)}x idle p95`,
    });
    // Does a frame cost more as the list grows? p95 of the first and the last fifth of the frames.
    const fifth = Math.max(1, Math.floor(scroll.frameMs.length / 5));
    const early = sorted(scroll.frameMs.slice(0, fifth));
    const late = sorted(scroll.frameMs.slice(-fifth));
    rows.push({
      metric: `frame time p95, first vs last fifth of the scroll (loaded then)`,
      magpie: `${ms(percentile(late, 95))} at ${fmt(scroll.loadedAt.at(-fifth) ?? 0)}`,
      raw: `${ms(percentile(early, 95))} at ${fmt(scroll.loadedAt[fifth - 1] ?? 0)}`,
      ratio: `${(percentile(late, 95) / percentile(early, 95)).toFixed(2)}x`,
    });
    rows.push({
      metric: `frames over 33 ms / long tasks (> 50 ms) while scrolling`,
      magpie: `${frames.filter((f) => f > 33.4).length} / ${scroll.longTaskMs.length}`,
      raw: `of ${fmt(frames.length)} frames`,
      ratio: `${((frames.filter((f) => f > 33.4).length / Math.max(1, frames.length)) * 100).toFixed(1)}% janky`,
    });
    rows.push({
      metric: `messages loaded by scrolling, in ${fmt(seconds, 0)} s`,
      magpie: fmt(scroll.loaded),
      raw: `of ${fmt(big.count)}`,
      ratio: `${fmt(scroll.loaded / seconds)} msg/s`,
    });
    rows.push({
      metric: `frames stuck at the top waiting for older messages`,
      magpie: fmt(scroll.stalled),
      raw: `of ${fmt(frames.length)} frames`,
      ratio: `${((scroll.stalled / Math.max(1, frames.length)) * 100).toFixed(1)}%`,
    });
    rows.push({
      metric: `message rows in the DOM after the scroll (virtualization)`,
      magpie: fmt(scroll.domRows),
      raw: `${fmt(scroll.loaded)} loaded`,
      ratio: `${((scroll.domRows / scroll.loaded) * 100).toFixed(2)}%`,
    });

    // (3) heap with the long one open, after the scroll.
    const bigHeap = await heap(cdp, false);
    const bigHeapGc = await heap(cdp, true);
    log(`long conversation open: heap ${mb(bigHeap.usedMb)}, ${mb(bigHeapGc.usedMb)} after GC, ${fmt(bigHeapGc.nodes)} DOM nodes`);
    rows.push({
      metric: `JS heap, long one open after the scroll (before / after GC)`,
      magpie: `${mb(bigHeap.usedMb)} / ${mb(bigHeapGc.usedMb)}`,
      raw: `20 msgs: ${mb(smallHeap.usedMb)}`,
      ratio: `+${fmt(((bigHeapGc.usedMb - smallHeap.usedMb) * 2 ** 20) / scroll.loaded)} B per loaded msg`,
    });
    rows.push({
      metric: `DOM nodes, long one open after the scroll`,
      magpie: fmt(bigHeapGc.nodes),
      raw: `20 msgs: ${fmt(smallHeap.nodes)}`,
      ratio: `${(bigHeapGc.nodes / smallHeap.nodes).toFixed(2)}x`,
    });

    // Switching back to it with everything loaded still in react-query's cache.
    await bench.open(small.id, small.count);
    await page.waitForTimeout(200);
    const reopen = await bench.open(big.id, big.count);
    log(`re-open with ${fmt(scroll.loaded)} loaded: ${ms(reopen)}`);
    rows.push({
      metric: `re-open it with ${fmt(scroll.loaded)} msgs in the cache, click → painted`,
      magpie: ms(reopen),
      raw: `first open: ${ms(bigCold!)}`,
      ratio: `${(reopen / bigCold!).toFixed(2)}x`,
    });

    const violations = await bench.violations();
    if (violations.length > 0) throw new Error(`the renderer broke the bridge contract:\n${violations.join('\n')}`);
    if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
    log(`bridge calls: ${JSON.stringify(await bench.calls())}; whole run ${fmt((Date.now() - started) / 1000, 0)} s`);
    return rows;
  } finally {
    await browser.close();
    await close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  runRendererBench((line) => console.error(`  [renderer] ${line}`), options).then(
    (rows) => {
      console.log(`\nrenderer bench, ${new Date().toISOString().slice(0, 10)}, ${JSON.stringify(options)}`);
      const widths = (['metric', 'magpie', 'raw'] as const).map((k) => Math.max(...rows.map((r) => r[k].length)));
      for (const row of rows) console.log(`${row.metric.padEnd(widths[0]!)} | ${row.magpie.padStart(widths[1]!)} | ${row.raw.padStart(widths[2]!)} | ${row.ratio}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
