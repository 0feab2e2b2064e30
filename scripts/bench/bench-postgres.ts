import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../server/src/testing-postgres';
import { REPO_ROOT } from './bench-kit';

export interface BenchPostgres {
  version: string;
  /** A fresh database per phase, so one phase's rows never slow another's. */
  newDatabase(): Promise<TestDatabase>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL for the bench: MAGPIE_BENCH_PG_URL when set, else a throwaway cluster from
 * scripts/pg-cluster.sh (stopped and deleted afterwards). Null, with the reason logged, when
 * neither is possible: the embedded figures are still worth printing.
 */
export async function startBenchPostgres(log: (line: string) => void): Promise<BenchPostgres | null> {
  let adminUrl = process.env.MAGPIE_BENCH_PG_URL;
  let stop = async () => {};
  if (!adminUrl) {
    // Not mkdtemp: its 0700 directory would keep the cluster's `postgres` user out.
    const dir = path.join(tmpdir(), `magpie-bench-pg-${randomBytes(4).toString('hex')}`);
    const script = path.join(REPO_ROOT, 'scripts/pg-cluster.sh');
    const started = spawnSync('bash', [script, 'start', dir], { encoding: 'utf8', timeout: 300_000 });
    const url = /MAGPIE_TEST_PG_URL=(\S+)/.exec(started.stdout ?? '')?.[1];
    if (started.status !== 0 || !url) {
      log(`PostgreSQL skipped: no MAGPIE_BENCH_PG_URL and pg-cluster.sh failed: ${(started.stderr ?? '').trim().split('\n').pop()}`);
      return null;
    }
    adminUrl = url;
    stop = async () => void spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore', timeout: 120_000 });
  }
  try {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0]!;
    await client.end();
    return { version, newDatabase: () => createTestDatabase(adminUrl), stop };
  } catch (error) {
    log(`PostgreSQL skipped: cannot connect (${(error as Error).message})`);
    await stop();
    return null;
  }
}
