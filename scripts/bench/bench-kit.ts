import { spawn, type ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol';

/** Small tools the benches share: child processes, sockets, a protocol client, statistics. */

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

export interface Child {
  /** The first capture group of `ready` in the child's output (e.g. its port). */
  ready: string;
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript entry in its own process, so the server under test gets its own core
 * rather than sharing an event loop with 1,000 client sockets.
 */
export function spawnTs(entry: string, env: Record<string, string>, ready: RegExp, timeoutMs = 30_000): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${entry} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        ready: match[1]!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`${entry} exited (${code}) before it was ready:\n${output}`)));
  });
}

export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Opens `count` sockets, `batch` at a time (a burst of 1,000 handshakes overflows the accept backlog). */
export async function openSockets(url: string, count: number, batch = 100): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += batch) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => openSocket(url)))));
  }
  return sockets;
}

/** A protocol client that parses only what it needs: replies to its own requests. */
export class Rpc {
  private next = 0;
  private readonly pending = new Map<string, { resolve(v: any): void; reject(e: Error): void }>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type !== 'reply') return;
      const waiter = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.ok) waiter?.resolve(frame.result);
      else waiter?.reject(new Error(`${frame.error.code}: ${frame.error.message}`));
    });
  }

  static async connect(url: string): Promise<Rpc> {
    return new Rpc(await openSocket(url));
  }

  request(method: string, params: unknown): Promise<any> {
    const id = `r${++this.next}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id, method, params }));
    });
  }
}

export async function signUp(url: string, name: string): Promise<{ rpc: Rpc; token: string; userId: string }> {
  const rpc = await Rpc.connect(url);
  const { session } = await rpc.request('auth.signUp', { username: name, password: 'bench password', displayName: name });
  return { rpc, token: session.token, userId: session.user.id };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function closeAll(sockets: WebSocket[]): Promise<void> {
  for (const ws of sockets) ws.terminate();
}

/** Resolves when `check()` is true, polling; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
