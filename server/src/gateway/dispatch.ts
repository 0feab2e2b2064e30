import { MagpieError, toErrorShape } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import {
  ClientFrameSchema,
  METHODS,
  PROTOCOL_VERSION,
  UNAUTHENTICATED_METHODS,
  type MethodName,
  type RequestFrame,
} from '../../../shared/protocol';
import type { z } from 'zod';
import type { MethodHandler, ServerServices } from '../methods/context';
import { HANDLERS } from '../methods';
import type { Connection } from './connection';

/** Close code for "your protocol version is not spoken here" (4000-4999: application codes). */
export const CLOSE_VERSION_UNSUPPORTED = 4000;

/**
 * Turns incoming frames into replies. Frame-level problems (size, JSON, version, shape) answer
 * with a `fault`; everything about a well-formed request answers with exactly one `reply`.
 * Requests of one socket run in arrival order; different sockets run concurrently.
 */
export class RequestDispatcher {
  private pending = 0;
  private draining = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly services: ServerServices) {}

  /** Requests accepted but not yet answered. */
  get inFlight(): number {
    return this.pending;
  }

  handleFrame(conn: Connection, data: Buffer): void {
    if (data.byteLength > LIMITS.maxFrameBytes) {
      return conn.fault({ code: 'protocol.frame_too_large', message: `Frames are limited to ${LIMITS.maxFrameBytes} bytes`, details: { maxFrameBytes: LIMITS.maxFrameBytes } });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString('utf8'));
    } catch {
      return conn.fault({ code: 'protocol.malformed', message: 'Frame is not JSON' });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return conn.fault({ code: 'protocol.malformed', message: 'Frame must be a JSON object' });
    }
    const frame = raw as Record<string, unknown>;
    // The version is checked before the shape: a newer client's frames may look different.
    if (typeof frame.v === 'number' && frame.v !== PROTOCOL_VERSION) {
      conn.fault({
        code: 'protocol.version_unsupported',
        message: `This server speaks protocol version ${PROTOCOL_VERSION}, not ${frame.v}`,
        details: { serverVersion: PROTOCOL_VERSION, clientVersion: frame.v },
      });
      conn.socket.close(CLOSE_VERSION_UNSUPPORTED, 'protocol version unsupported');
      return;
    }
    const requestId = typeof frame.id === 'string' && frame.id.length > 0 && frame.id.length <= 64 ? frame.id : undefined;
    if (frame.type === 'request' && requestId && typeof frame.method === 'string' && !Object.hasOwn(METHODS, frame.method)) {
      return conn.replyError(requestId, { code: 'protocol.unknown_method', message: `Unknown method ${frame.method.slice(0, 64)}` });
    }
    const parsed = ClientFrameSchema.safeParse(frame);
    if (!parsed.success) {
      return conn.fault({ code: 'protocol.malformed', message: summarize(parsed.error), ...(requestId ? { details: { requestId } } : {}) });
    }
    this.enqueue(conn, parsed.data);
  }

  /** Refuses new requests and resolves once every accepted one has been answered (or on timeout). */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    if (this.pending === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private enqueue(conn: Connection, frame: RequestFrame): void {
    if (this.draining) {
      return conn.replyError(frame.id, { code: 'server.unavailable', message: 'Server is shutting down; retry shortly' });
    }
    this.pending++;
    // The catch keeps the chain alive: one failed reply must not stall this socket's later requests.
    conn.queue = conn.queue
      .then(() => this.run(conn, frame))
      .catch((error: unknown) => this.services.log.error({ err: error }, 'reply failed'))
      .finally(() => this.settle());
  }

  private settle(): void {
    if (--this.pending > 0) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async run(conn: Connection, frame: RequestFrame): Promise<void> {
    try {
      const result = await this.call(conn, frame.method, frame.params);
      conn.reply(frame.id, result);
    } catch (error) {
      if (!(error instanceof MagpieError)) {
        // Logged with the method only: params may hold passwords or tokens.
        this.services.log.error({ err: error, method: frame.method }, 'request failed');
      }
      conn.replyError(frame.id, toErrorShape(error));
    }
  }

  private async call(conn: Connection, method: MethodName, rawParams: unknown): Promise<unknown> {
    if (!UNAUTHENTICATED_METHODS.has(method) && !conn.session) {
      throw new MagpieError('auth.required', 'Sign in first');
    }
    const parsed = METHODS[method].params.safeParse(rawParams ?? {});
    if (!parsed.success) throw paramsError(method, parsed.error);
    if (hasNulChar(parsed.data)) throw new MagpieError('validation.invalid', 'Text may not contain the NUL character (U+0000)');
    const handler = HANDLERS[method] as MethodHandler<MethodName>;
    return handler(parsed.data as never, { ...this.services, conn });
  }
}

function paramsError(method: MethodName, error: z.ZodError): MagpieError {
  const tooLong = method === 'messages.send' && error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
  if (tooLong) {
    return new MagpieError('message.too_long', `Messages are limited to ${LIMITS.maxMessageChars} characters`, { maxChars: LIMITS.maxMessageChars });
  }
  return new MagpieError('validation.invalid', summarize(error));
}

/** PostgreSQL text cannot hold U+0000 (the query fails as server.internal): refused on every store alike. */
function hasNulChar(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNulChar);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasNulChar);
  return false;
}

/** "path: problem" for the first few issues; short enough for a log line or an error toast. */
function summarize(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return (parts.join('; ') + more).slice(0, 1000);
}
