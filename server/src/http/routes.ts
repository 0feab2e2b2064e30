import type { FastifyError, FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import type { Store } from '../store/store';

/** Probes for supervisors and load balancers, plus typed JSON errors for everything else. */
export function registerHttpRoutes(app: FastifyInstance, deps: { store: Store; isClosing: () => boolean }): void {
  const startedAt = Date.now();

  // Alive: the process answers. Never touches the store, so a stuck disk does not cause restarts.
  app.get('/healthz', async () => ({ status: 'ok', protocolVersion: PROTOCOL_VERSION, uptimeMs: Date.now() - startedAt }));

  // Ready: the store answers and we are not shutting down; take this node out of rotation otherwise.
  app.get('/readyz', async (_req, reply) => {
    if (deps.isClosing()) {
      return reply.code(503).send({ status: 'unavailable', error: { code: 'server.unavailable', message: 'Shutting down' } });
    }
    try {
      await deps.store.ping();
      return { status: 'ready' };
    } catch (error) {
      app.log.warn({ err: error }, 'store not reachable');
      return reply.code(503).send({ status: 'unavailable', error: { code: 'server.unavailable', message: 'Store not reachable' } });
    }
  });

  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send({ error: { code: 'protocol.unknown_method', message: 'No such route' } });
  });

  // Errors leave as { error: { code, message } }: no stack, and no internal text for 5xx.
  app.setErrorHandler((error: FastifyError, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      app.log.error({ err: error }, 'http request failed');
      return reply.code(status).send({ error: { code: 'server.internal', message: 'Unexpected error' } });
    }
    return reply.code(status).send({ error: { code: 'validation.invalid', message: error.message } });
  });
}
