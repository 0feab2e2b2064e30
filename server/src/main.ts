import { startServer } from './app';
import { ConfigError, loadConfig } from './config';

/** `npm run server`: reads the configuration, serves until SIGINT/SIGTERM, then stops gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const server = await startServer(config);
  console.log(`Magpie server ready
  http:   ${server.httpUrl}
  socket: ${server.socketUrl}
  store:  ${describeStore(config)}
  signup: ${config.signup}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Where the data lives, without the database password. */
function describeStore(config: { databaseUrl?: string | undefined; dataDir: string }): string {
  if (!config.databaseUrl) return `embedded SQLite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

main().catch((error: unknown) => {
  console.error('Magpie server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
