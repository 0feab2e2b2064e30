import type { FastifyServerOptions } from 'fastify';
import type { ServerConfig } from './config';

/**
 * Logger options for fastify's pino. Secrets are redacted wherever they could appear in a log
 * object; the gateway also never logs request params at all.
 */
export function loggerOptions(config: ServerConfig): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["sec-websocket-protocol"]',
        'password',
        'token',
        'passwordHash',
        '*.password',
        '*.token',
        '*.passwordHash',
        'params.*.password',
        'params.*.token',
        // auth.changePassword and sign-up params, should anything ever log them
        '*.currentPassword',
        '*.newPassword',
        '*.inviteCode',
      ],
      censor: '[redacted]',
    },
  };
}
