import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from './app';
import type { ServerConfig, ServerOptions } from './config';
import { createTestDatabase, type TestDatabase } from './testing-postgres';

export type TestStoreKind = 'sqlite' | 'postgres';

export type TestServerOptions = Partial<ServerOptions> & {
  /**
   * `postgres` creates a fresh database on the cluster named by `MAGPIE_TEST_PG_URL` (dropped by
   * `close()`), unless `databaseUrl` is given: then the server joins that database, as a second
   * node of the same workspace does. Default `sqlite`, or `postgres` when `databaseUrl` is given.
   */
  store?: TestStoreKind;
};

export interface TestServer extends RunningServer {
  dataDir: string;
  /** The PostgreSQL database this server uses; undefined on the embedded store. */
  databaseUrl: string | undefined;
  /** Stops the server, keeping its data (simulates an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Stops the server and deletes its data directory (and database) if this helper created it. */
  close(): Promise<void>;
  readonly running: boolean;
}

/**
 * A real server for tests: temp data dir, a free port, quiet logs and rate limits high enough for
 * scripted clients (override `rateLimits` to test the limits themselves). The URLs stay valid
 * across `restart()` because the port is kept.
 */
export async function startTestServer(overrides: TestServerOptions = {}): Promise<TestServer> {
  const { store = overrides.databaseUrl ? 'postgres' : 'sqlite', ...serverOverrides } = overrides;
  const database: TestDatabase | undefined = store === 'postgres' && !overrides.databaseUrl ? await createTestDatabase() : undefined;
  const databaseUrl = database?.url ?? (store === 'postgres' ? overrides.databaseUrl : undefined);
  const ownsDataDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'magpie-server-'));
  const options: ServerOptions = {
    host: '127.0.0.1',
    port: 0,
    logLevel: (process.env.MAGPIE_TEST_LOG_LEVEL as ServerConfig['logLevel'] | undefined) ?? 'silent',
    ...serverOverrides,
    rateLimits: { authPerMinute: 10_000, sendBurst: 100_000, sendPerSecond: 100_000, ...overrides.rateLimits },
    dataDir,
    databaseUrl,
  };
  const cleanUp = async () => {
    await database?.drop();
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  let current: RunningServer | null;
  try {
    current = await startServer(options);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const first = current;
  options.port = first.port; // every later start re-binds the same port

  const stop = async () => {
    const server = current;
    current = null;
    await server?.close();
  };
  const start = async () => {
    if (current) throw new Error('test server is already running');
    current = await startServer(options);
  };

  return {
    httpUrl: first.httpUrl,
    socketUrl: first.socketUrl,
    port: first.port,
    dataDir,
    databaseUrl,
    get config() {
      return (current ?? first).config;
    },
    get running() {
      return current !== null;
    },
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      await cleanUp();
    },
  };
}
