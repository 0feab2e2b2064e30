import { test as base } from '@playwright/test';
import { launchClient, type ClientOptions, type MagpieClient } from './client';
import { FaultProxy } from './fault-proxy';
import { ServerProcess } from './server-process';

interface Workspace {
  server: ServerProcess;
  /** A client connected straight to the server, or through a proxy the test can cut. */
  client(name: string, options?: { throughProxy?: boolean } & ClientOptions): Promise<MagpieClient & { proxy: FaultProxy | null }>;
}

export const test = base.extend<{ workspace: Workspace }>({
  workspace: async ({ browser }, use) => {
    const server = new ServerProcess();
    await server.start();
    const clients: MagpieClient[] = [];
    const proxies: FaultProxy[] = [];
    await use({
      server,
      async client(name, options = {}) {
        let proxy: FaultProxy | null = null;
        if (options.throughProxy) {
          proxy = new FaultProxy(() => server.port);
          await proxy.start();
          proxies.push(proxy);
        }
        const client = await launchClient(browser, name, proxy ? proxy.url : server.url, options);
        clients.push(client);
        return Object.assign(client, { proxy });
      },
    });
    for (const client of clients) await client.close().catch(() => undefined);
    for (const proxy of proxies) await proxy.stop();
    await server.stop();
  },
});

export { expect } from '@playwright/test';
