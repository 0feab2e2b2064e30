import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { percentile, REPO_ROOT } from './bench-kit';
import type { CacheBench } from './cache-bench-page/page';

/**
 * The cache, measured where it runs: the real Dexie store bundled into a page of a local origin,
 * driven in Debian's Chromium (on-disk profile, so IndexedDB is LevelDB on disk as in the app),
 * each figure next to a raw Dexie baseline from the same run.
 *
 *   node --import tsx scripts/bench/cache-bench.ts [--messages=1000000] [--write=100000] [--max-minutes=40]
 *
 * (a) catch-up of `--write` messages (200 conversations, pages of 200, one `sync.apply` each,
 *     the search index deferred to the follow-up indexer) vs raw bulkPut of the same rows; (b)
 *     fills the cache up to `--messages`, reads a conversation's latest 50 while the indexer works
 *     through the backlog, times the indexing, then reads again idle vs a raw compound-index read
 *     of the same rows; (c) search latency p50/p95 by kind of query (everything indexed), plus the
 *     substring-scan baseline.
 */

export interface Row { metric: string; magpie: string; raw: string; ratio: string }

export interface CacheBenchOptions {
  messages: number;
  write: number;
  conversations: number;
  pageSize: number;
  reps: number;
  /** Stop filling the cache after this long and measure what is there. */
  maxMinutes: number;
}

const DEFAULTS: CacheBenchOptions = { messages: 1_000_000, write: 100_000, conversations: 200, pageSize: 200, reps: 20, maxMinutes: 40 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const FILL_CHUNK = 20_000;
/** Longer than the indexer's grace after a read, so each timed read meets it at work. */
const READ_GAP_MS = 250;
/** However short `--max-minutes`, the search figures wait this long for the index to complete. */
const INDEX_WAIT_MIN = 20;

/** Queries by kind, over what corpus.ts generates (common and rare words of each kind). */
const QUERIES: Record<string, string[]> = {
  'Chinese, 1 char': ['王', '会', '鑫', '李'],
  'Chinese, 2 chars': ['开会', '项目', '周报', '翡翠'],
  'Chinese, 3+ chars': ['服务器', '会议室预订', '今天下午', '没问题马上'],
  'English words': ['deploy', 'release notes', 'meet', 'cafe résumé'],
  'mixed, in one conversation': ['项目 review', '王', 'hotfix'],
};

export function parseArgs(argv: string[]): CacheBenchOptions {
  const options = { ...DEFAULTS };
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(\d+)$/.exec(arg);
    const key = match?.[1]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof CacheBenchOptions | undefined;
    if (!match || !key || !(key in options)) throw new Error(`unknown argument ${arg}`);
    options[key] = Number(match[2]);
  }
  options.write = Math.min(options.write, options.messages);
  return options;
}

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, 'scripts/bench/cache-bench-page/page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function serve(script: string): Promise<{ url: string; close: () => Promise<void> }> {
  const html = '<!doctype html><meta charset="utf-8"><title>cache bench</title><script type="module" src="/page.js"></script>';
  const server = http.createServer((request, response) => {
    const js = request.url === '/page.js';
    response.writeHead(200, { 'content-type': js ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8' });
    response.end(js ? script : html);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((done) => server.close(() => done())) });
    }),
  );
}

type Bench = { [K in keyof CacheBench]: (...args: Parameters<CacheBench[K]>) => ReturnType<CacheBench[K]> };
/** Calls `window.cacheBench[name](...args)` in the page. */
function inPage(page: Page): Bench {
  return new Proxy({} as Bench, {
    get: (_, name: string) => (...args: unknown[]) =>
      page.evaluate(([n, a]) => (window as any).cacheBench[n as string](...(a as unknown[])), [name, args] as const),
  });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

export async function runCacheBench(log: (line: string) => void, options: CacheBenchOptions = parseArgs([])): Promise<Row[]> {
  const rows: Row[] = [];
  const profile = mkdtempSync(path.join(tmpdir(), 'magpie-cache-bench-'));
  const server = await serve(await bundlePage());
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const started = Date.now();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0);
    await page.goto(server.url);
    await page.waitForFunction(() => 'cacheBench' in window);
    const bench = inPage(page);
    const { conversations, pageSize } = options;

    // (a) catch-up writes against raw bulkPut, page by page (see writeBoth).
    let rawMs = 0;
    let storeMs = 0;
    for (let from = 0; from < options.write; from += FILL_CHUNK) {
      const count = Math.min(FILL_CHUNK, options.write - from);
      const took = await bench.writeBoth(from, count, conversations, pageSize);
      rawMs += took.rawMs;
      storeMs += took.storeMs;
      log(`writes: ${fmt(from + count)} / ${fmt(options.write)} (catch-up ${fmt(((from + count) / storeMs) * 1000)}/s, raw ${fmt(((from + count) / rawMs) * 1000)}/s)`);
    }
    const storeRate = (options.write / storeMs) * 1000;
    const rawRate = (options.write / rawMs) * 1000;
    rows.push({ metric: `catch-up ${fmt(options.write)} msgs / ${conversations} convs, pages of ${pageSize} (index deferred)`, magpie: `${fmt(storeRate)}/s`, raw: `bulkPut ${fmt(rawRate)}/s`, ratio: `${((storeRate / rawRate) * 100).toFixed(0)}% of raw` });

    // Fill up to the full size (bounded in time) for the read and search figures. The writes
    // never pause, so the follow-up indexer waits until the fill is over.
    let cached = options.write;
    const deadline = started + options.maxMinutes * 60_000;
    while (cached < options.messages && Date.now() < deadline) {
      const count = Math.min(FILL_CHUNK, options.messages - cached);
      const took = await bench.writeStore(cached, count, conversations, pageSize);
      cached += count;
      const left = ((options.messages - cached) / count) * took;
      log(`fill: ${fmt(cached)} / ${fmt(options.messages)} (${fmt((count / took) * 1000)}/s, ~${fmt(left / 60_000, 1)} min left)`);
    }
    if (cached < options.messages) log(`stopped filling at ${fmt(cached)} after ${options.maxMinutes} min`);
    const label = `${fmt(cached)} cached`;
    const writesEnded = Date.now();
    const backlog = await bench.unindexed();

    // (b) latest 50 of a conversation while the indexer works through the backlog, each read
    // finding it busy; then, once everything is indexed, idle, against a raw compound-index read.
    const busyReads = sorted(await bench.readLatestSpaced('conv7', options.reps, READ_GAP_MS));
    log(`latest 50 while indexing ${fmt(backlog)} rows: p50 ${ms(percentile(busyReads, 50))}, p95 ${ms(percentile(busyReads, 95))}`);
    const indexDeadline = Math.max(deadline, writesEnded + INDEX_WAIT_MIN * 60_000);
    let waiting = await bench.unindexed();
    while (waiting > 0 && Date.now() < indexDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      waiting = await bench.unindexed();
      log(`indexing: ${fmt(backlog - waiting)} / ${fmt(backlog)} (${fmt(((backlog - waiting) / (Date.now() - writesEnded)) * 1000)}/s)`);
    }
    const indexSeconds = (Date.now() - writesEnded) / 1000;
    rows.push({
      metric: `follow-up search indexing of ${fmt(backlog)} rows after the writes`,
      magpie: waiting === 0 ? `${fmt(backlog / indexSeconds)}/s (${fmt(indexSeconds)} s)` : `${fmt(waiting)} still waiting after ${fmt(indexSeconds)} s`,
      raw: '',
      ratio: '',
    });
    const reads = sorted(await bench.readLatest('conv7', options.reps * 2));
    const rawReads = sorted(await bench.readLatestRaw('conv7', options.reps * 2));
    const p50 = percentile(reads, 50);
    const rawP50 = percentile(rawReads, 50);
    const busyP50 = percentile(busyReads, 50);
    rows.push({ metric: `latest 50 of a conversation while indexing runs, ${label} (p50 / p95)`, magpie: `${ms(busyP50)} / ${ms(percentile(busyReads, 95))}`, raw: ms(rawP50), ratio: `${(busyP50 / rawP50).toFixed(2)}x raw time` });
    rows.push({ metric: `latest 50 of a conversation, ${label} (p50)`, magpie: ms(p50), raw: ms(rawP50), ratio: `${(p50 / rawP50).toFixed(2)}x raw time` });

    // (c) search latency by kind of query, first page of 20 (what the UI asks for).
    const scanRows = Math.min(100_000, cached);
    const scan = await bench.scanRaw('项目', scanRows);
    for (const [kind, queries] of Object.entries(QUERIES)) {
      const conversationId = kind.includes('one conversation') ? 'conv7' : undefined;
      const times: number[] = [];
      const found: string[] = [];
      for (const query of queries) {
        const result = await bench.search(query, options.reps, 20, conversationId);
        times.push(...result.times);
        found.push(`${query}:${result.found}`);
      }
      const all = sorted(times);
      log(`search ${kind}: ${found.join(' ')} → p50 ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))}`);
      rows.push({
        metric: `search ${kind}, ${label} (p50 / p95)`,
        magpie: `${ms(percentile(all, 50))} / ${ms(percentile(all, 95))}`,
        raw: `scan ${fmt(scanRows)}: ${ms(scan)}`,
        ratio: `${(scan / percentile(all, 50)).toFixed(0)}x faster`,
      });
    }
    log(`whole run: ${fmt((Date.now() - started) / 60_000, 1)} min`);
    return rows;
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  runCacheBench((line) => console.error(`  [cache] ${line}`), options).then(
    (rows) => {
      console.log(`\ncache bench, ${new Date().toISOString().slice(0, 10)}, ${JSON.stringify(options)}`);
      for (const row of rows) console.log(`${row.metric.padEnd(64)} | ${row.magpie.padStart(18)} | ${row.raw.padStart(22)} | ${row.ratio}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
