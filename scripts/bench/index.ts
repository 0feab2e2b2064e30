import { cpus } from 'node:os';
import { parseArgs as parseCacheBenchArgs, runCacheBench } from './cache-bench';
import { runRendererBench } from './renderer-bench';
import { runServerBench, type Row } from './server-bench';

/**
 * `npm run bench`: every bench Magpie has, one after another, as one table. Each bench compares
 * itself with a raw baseline measured in the same run. Add a bench by adding an entry here
 * (client benches: cache writes, search, ...); `npm run bench -- server` runs only the named ones.
 */
/**
 * The full cache run fills 1,000,000 messages and waits for the follow-up indexer before it
 * searches (most of an hour on 2 vCPU); by default it stops at 200,000.
 */
const fullCacheRun = process.env.MAGPIE_BENCH_FULL === '1';

const BENCHES: Record<string, (log: (line: string) => void) => Promise<Row[]>> = {
  server: runServerBench,
  /** Chromium + Dexie: catch-up vs bulkPut, latest-50 reads while indexing and idle, follow-up indexing, local search. */
  cache: (log) => runCacheBench(log, parseCacheBenchArgs(fullCacheRun ? [] : ['--messages=200000', '--max-minutes=12'])),
  /** Chromium + the real renderer: open a 100k-message conversation, scroll it up, heap and DOM (~75 s). */
  renderer: (log) => runRendererBench(log),
};

function printTable(rows: Row[]): void {
  const header: Row = { metric: 'metric', magpie: 'Magpie', raw: 'raw baseline', ratio: 'ratio' };
  const keys = ['metric', 'magpie', 'raw', 'ratio'] as const;
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => keys.map((k, i) => (i === 0 ? r[k].padEnd(widths[i]!) : r[k].padStart(widths[i]!))).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  console.log(`Magpie benchmarks, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), Node ${process.version}`);
  const rows: Row[] = [];
  for (const name of names) {
    const started = Date.now();
    rows.push(...(await BENCHES[name]!((l) => console.error(`  [${name}] ${l}`))));
    console.error(`  [${name}] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log('');
  printTable(rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
