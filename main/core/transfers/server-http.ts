import { ErrorShapeSchema, isMagpieError, MagpieError, type ErrorCode } from '../../../shared/errors';

/** Who is signed in where: what every HTTP call to the server's file routes needs. */
export interface ServerCredentials {
  accountId: string;
  serverUrl: string;
  token: string;
}

/**
 * The server's HTTP address. The user may have given http(s) or ws(s) (the socket address, with
 * `/socket` at the end); file routes live beside the socket on the same host.
 */
export function httpBaseUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  let base = url.pathname.replace(/\/socket\/?$/, '');
  if (base.endsWith('/')) base = base.slice(0, -1);
  return `${url.protocol}//${url.host}${base}`;
}

export function serverUrlOf(credentials: ServerCredentials, route: string): string {
  return `${httpBaseUrl(credentials.serverUrl)}${route}`;
}

export function bearer(credentials: ServerCredentials): Record<string, string> {
  return { Authorization: `Bearer ${credentials.token}` };
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation.invalid',
  401: 'auth.session_invalid',
  404: 'file.not_found',
  413: 'file.too_large',
  415: 'file.type_not_allowed',
  429: 'rate.limited',
};

/** The typed error of a failed reply: the server's own `{ error }` body when it sent one. */
export function errorOfReply(status: number, body: string): MagpieError {
  try {
    const parsed = ErrorShapeSchema.safeParse((JSON.parse(body) as { error?: unknown }).error);
    if (parsed.success) return MagpieError.fromShape(parsed.data);
  } catch {
    // Not JSON (a proxy's page, an empty body): the status says enough.
  }
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'server.unavailable' : 'transfer.failed');
  return new MagpieError(code, `The server answered ${status}`, { status });
}

/** fetch() rejects only when no reply came: the network is down or the server unreachable. */
export function networkError(error: unknown): MagpieError {
  if (isMagpieError(error)) return error;
  return new MagpieError('client.offline', 'The server could not be reached');
}

/**
 * Errors that asking again will not fix: the server refused these bytes or this caller. Anything
 * else (the network, a busy server) is worth resuming later.
 */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation.invalid',
  'file.not_found',
  'file.too_large',
  'file.type_not_allowed',
  'file.hash_mismatch',
  'auth.session_invalid',
  'auth.required',
  'conversation.forbidden',
  'conversation.not_found',
  'transfer.not_found',
  'transfer.source_unreadable',
  // A cancelled upload, a reply this app cannot read: asking again gives the same.
  'transfer.failed',
]);

export function isPermanent(error: unknown): boolean {
  return isMagpieError(error) && PERMANENT.has(error.code);
}
