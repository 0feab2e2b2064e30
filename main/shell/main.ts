import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { createMagpieCore } from '../core/index';
import { CacheRpcClient } from '../core/cache/rpc-client';
import type { SocketLike } from '../core/host';
import { BridgeSockets } from './bridge-socket';
import { CacheHosts } from './cache-hosts';
import { shellDesktopHost } from './desktop-host';
import { FileSecretStore } from './file-secret-store';
import { serveMediaRoute } from './media-route';
import { parseShellOptions } from './options';
import { startShellServer } from './shell-server';

/**
 * The browser shell: the same core Electron's main process runs, serving the same IPC contract to
 * a page in any Chromium. It is how Magpie runs where the Electron binary cannot.
 */
async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const options = parseShellOptions(process.argv.slice(2), process.env, path.resolve(here, '..'));
  const cache = new CacheRpcClient();
  const core = createMagpieCore({
    defaultServerUrl: options.serverUrl,
    createSocket: (url) => new WebSocket(url, { maxPayload: 4 * 1024 * 1024 }) as unknown as SocketLike,
    cache,
    secrets: new FileSecretStore(path.join(options.dataDir, 'session.json')),
    appVersion: process.env.npm_package_version ?? '0.1.0',
    shell: 'browser',
    platform: process.platform,
    desktop: shellDesktopHost({ dataDir: options.dataDir, downloadsDir: options.downloadsDir }),
  });
  const bridges = new BridgeSockets(core);
  const hosts = new CacheHosts(cache);
  const server = await startShellServer(options.port, options.outDir, {
    onBridge: (socket) => bridges.accept(socket),
    onCacheHost: (socket) => hosts.accept(socket),
    onMedia: (request, response) => serveMediaRoute(core, request, response),
  });
  await core.start();

  // One line for people, one for scripts and tests that start the shell.
  console.log(`Magpie browser shell: open ${server.url} in Chromium or Chrome (server ${options.serverUrl})`);
  console.log(`MAGPIE_SHELL_URL=${server.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    bridges.close();
    await core.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Magpie browser shell could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
