import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from './app';
import type { ServerConfig, ServerOptions } from './config';

export type TestServerOptions = Partial<ServerOptions>;

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server, keeping its data (simulates an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Stops the server and deletes its data directory if this helper created it. */
  close(): Promise<void>;
  readonly running: boolean;
}

/**
 * A real server for tests: temp data dir, a free port, quiet logs and rate limits high enough for
 * scripted clients (override `rateLimits` to test the limits themselves). The URLs stay valid
 * across `restart()` because the port is kept.
 */
export async function startTestServer(overrides: TestServerOptions = {}): Promise<TestServer> {
  const ownsDataDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'magpie-server-'));
  const options: ServerOptions = {
    host: '127.0.0.1',
    port: 0,
    logLevel: (process.env.MAGPIE_TEST_LOG_LEVEL as ServerConfig['logLevel'] | undefined) ?? 'silent',
    ...overrides,
    rateLimits: { authPerMinute: 10_000, sendBurst: 100_000, sendPerSecond: 100_000, ...overrides.rateLimits },
    dataDir,
  };

  let current: RunningServer | null = await startServer(options);
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
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
