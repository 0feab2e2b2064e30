/**
 * The long correctness soak: `npm run soak -- --seeds=200 --ops=400`.
 * Runs the fault plan of each seed against a real server and real cores (integration/soak), prints
 * one line per seed and a summary, and exits non-zero if any seed lost, duplicated or reordered a
 * message. Options: --seeds=N (how many, from --from=1), --seed=S (just one), --ops=N,
 * --settle-ms=N (how long healing may take), --trace (print every step; for replaying one seed).
 */
import { formatViolation } from '../integration/soak/audit-types';
import { formatResult, runSoak, type SoakResult } from '../integration/soak/soak-runner';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  const found = process.argv.slice(2).find((arg) => arg === `--${name}` || arg.startsWith(prefix));
  if (found === undefined) return undefined;
  return found.startsWith(prefix) ? found.slice(prefix.length) : 'true';
}

function numberOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
}

async function main(): Promise<number> {
  const single = option('seed');
  const from = numberOption('from', 1);
  const seeds = single !== undefined ? [numberOption('seed', 1)] : Array.from({ length: numberOption('seeds', 20) }, (_, i) => from + i);
  const ops = numberOption('ops', 400);
  const settleTimeoutMs = numberOption('settle-ms', 30_000);
  const trace = option('trace') !== undefined ? (line: string) => console.log(`  ${line}`) : undefined;

  console.log(`Magpie correctness soak: ${seeds.length} seed(s) × ${ops} ops`);
  const started = Date.now();
  const failed: number[] = [];
  let messages = 0;
  let resends = 0;
  for (const seed of seeds) {
    let result: SoakResult;
    try {
      result = await runSoak({ seed, ops, settleTimeoutMs, trace });
    } catch (error) {
      failed.push(seed);
      console.log(`seed ${seed}: ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      continue;
    }
    messages += result.messagesOnServer;
    resends += Math.max(0, result.wire.sends - result.messagesOnServer);
    console.log(formatResult(result));
    if (result.violations.length > 0 || !result.settled) {
      failed.push(seed);
      console.log(`  plan: ${result.plan}`);
      for (const violation of result.violations.slice(0, 50)) console.log(`  ${formatViolation(violation)}`);
      if (result.violations.length > 50) console.log(`  … and ${result.violations.length - 50} more`);
      console.log(`  replay: npm run soak -- --seed=${seed} --ops=${ops} --trace`);
    }
  }

  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `\nSummary: ${seeds.length - failed.length}/${seeds.length} seeds clean, ${messages} messages audited, ` +
      `≥${resends} resends deduplicated, ${minutes} min.` + (failed.length > 0 ? ` FAILED seeds: ${failed.join(', ')}` : ''),
  );
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
