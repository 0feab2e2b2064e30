import Fastify from 'fastify';
import { resolveOptions, type ServerConfig, type ServerOptions } from './config';
import { seedDemoWorkspace } from './demo';
import { scheduleFeedRetention } from './feed-retention';
import { fileAccess } from './files/access';
import { registerFileRoutes } from './files/routes';
import { ConnectionHub } from './gateway/hub';
import { RateLimiter } from './gateway/rate-limit';
import { attachSocketGateway, SOCKET_PATH } from './gateway/socket-server';
import { registerHttpRoutes } from './http/routes';
import { loggerOptions } from './logger';
import { initialWorkspaceSettings } from './methods/admin';
import type { ServerServices } from './methods/context';
import { openStorage } from './storage';

export interface RunningServer {
  /** e.g. http://127.0.0.1:8787 */
  httpUrl: string;
  /** e.g. ws://127.0.0.1:8787/socket */
  socketUrl: string;
  port: number;
  config: ServerConfig;
  /** Graceful: stops accepting, answers accepted requests, closes sockets (1001), flushes live events, closes the store. */
  close(): Promise<void>;
}

/** HTTP request bodies are small JSON; files will travel on their own upload routes. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config = resolveOptions(options);
  const app = Fastify({ logger: loggerOptions(config), bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true });
  const hub = new ConnectionHub();
  const storage = await openStorage(config, hub, app.log);
  const { store, pubsub } = storage;
  const { rateLimits } = config;
  const services: ServerServices = {
    config,
    store,
    hub,
    pubsub,
    limiters: {
      auth: new RateLimiter({ capacity: rateLimits.authPerMinute, refillPerSecond: rateLimits.authPerMinute / 60 }),
      send: new RateLimiter({ capacity: rateLimits.sendBurst, refillPerSecond: rateLimits.sendPerSecond }),
      // typing.set: a client renews every few seconds; this leaves room for bursts across conversations.
      typing: new RateLimiter({ capacity: 20, refillPerSecond: 2 }),
    },
    log: app.log,
    files: fileAccess(store),
    audit: (entry) => store.appendAudit(entry),
  };
  let closing = false;

  try {
    await store.initWorkspaceSettings(initialWorkspaceSettings(config));
    if (config.demo) await seedDemoWorkspace(store, app.log);
    registerHttpRoutes(app, { store, isClosing: () => closing });
    await registerFileRoutes(app, { store, config });
    const gateway = attachSocketGateway(app.server, services);
    // exclusive:false so a restarted server can take the same port back at once (tests do this).
    await app.listen({ host: config.host, port: config.port, exclusive: false });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const origin = `${urlHost(config.host)}:${port}`;
    const retention = scheduleFeedRetention(store, config.feedRetentionDays, app.log);

    let closed: Promise<void> | undefined;
    const close = () => {
      closed ??= (async () => {
        closing = true;
        await gateway.close();
        await app.close();
        await retention.stop();
        await storage.close();
        app.log.info('server stopped');
      })();
      return closed;
    };
    return { httpUrl: `http://${origin}`, socketUrl: `ws://${origin}${SOCKET_PATH}`, port, config, close };
  } catch (error) {
    await app.close().catch(() => {});
    await storage.close();
    throw error;
  }
}

/** A host usable in a URL: wildcard binds are reached via loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
