import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EventChannel, InvokeChannel, InvokeEnvelope } from '../../shared/ipc';
import type { MagpieCoreApi, MessageTransport } from '../core/host';
import { BridgeSockets } from './bridge-socket';
import { CacheHosts } from './cache-hosts';
import { startShellServer, type ShellServer } from './shell-server';

function builtOutDir(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'magpie-shell-test-'));
  mkdirSync(path.join(out, 'renderer'));
  mkdirSync(path.join(out, 'cache-host'));
  mkdirSync(path.join(out, 'shell'));
  writeFileSync(
    path.join(out, 'renderer', 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><script type="module" src="./app.js"></script></head><body></body></html>`,
  );
  writeFileSync(path.join(out, 'renderer', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(out, 'cache-host', 'index.html'), '<!doctype html><title>cache</title>');
  writeFileSync(path.join(out, 'shell', 'shell-bridge.js'), '/* bridge */');
  writeFileSync(path.join(out, 'secret.txt'), 'not for the page');
  return out;
}

class FakeCore implements MagpieCoreApi {
  readonly calls: Array<{ channel: InvokeChannel; request: unknown }> = [];
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  async start() {}
  async stop() {}
  networkOnline() {}
  setIdle() {}
  readonly notifications = { onChange: () => () => {}, onUnreadTotal: () => () => {}, clicked: () => {}, open: () => {}, windowUnfocused: () => {} };
  async serveMedia() {
    return { status: 404, headers: {}, body: null };
  }
  async invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope> {
    this.calls.push({ channel, request });
    return { ok: true, value: { echoed: channel } };
  }
  on<E extends EventChannel>(event: E, listener: (payload: never) => void) {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }
  emit(event: EventChannel, payload: unknown) {
    for (const listener of this.listeners.get(event) ?? []) listener(payload as never);
  }
}

let server: ShellServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(core = new FakeCore(), cache = { attach: (_t: MessageTransport) => {}, detach: () => {} }) {
  const bridges = new BridgeSockets(core);
  const hosts = new CacheHosts(cache);
  server = await startShellServer(0, builtOutDir(), { onBridge: (s) => bridges.accept(s), onCacheHost: (s) => hosts.accept(s) });
  const token = new URL(server.url).hash.replace('#token=', '');
  return { core, hosts, token, origin: server.origin };
}

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextFrame(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('the browser shell server', () => {
  it('binds to 127.0.0.1 and puts the bridge script before the renderer scripts, with a CSP', async () => {
    const { origin } = await start();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${origin}/`);
    const html = await response.text();
    expect(html.indexOf('/_magpie/shell-bridge.js')).toBeLessThan(html.indexOf('app.js'));
    expect(html).toContain("frame-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses paths that climb out of the served folders', async () => {
    const { origin } = await start();
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/cache-host/..%2f..%2fsecret.txt']) {
      const response = await fetch(`${origin}${attempt}`);
      expect(await response.text()).not.toContain('not for the page');
    }
  });

  it('opens its sockets only to its own origin with the launch token', async () => {
    const { origin, token } = await start();
    const ws = origin.replace('http', 'ws');
    await expect(connect(`${ws}/_magpie/bridge?token=wrong`, origin)).rejects.toThrow('403');
    await expect(connect(`${ws}/_magpie/bridge?token=${token}`, 'http://evil.example')).rejects.toThrow('403');
    await expect(connect(`${ws}/_magpie/elsewhere?token=${token}`, origin)).rejects.toThrow('403');
    const socket = await connect(`${ws}/_magpie/bridge?token=${token}`, origin);
    socket.close();
  });

  it('carries invocations to the core and events to every page', async () => {
    const { origin, token, core } = await start();
    const socket = await connect(`${origin.replace('http', 'ws')}/_magpie/bridge?token=${token}`, origin);
    socket.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'session.get', request: {} }));
    expect(await nextFrame(socket)).toEqual({ type: 'reply', id: 7, envelope: { ok: true, value: { echoed: 'session.get' } } });

    socket.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'shell.exec', request: {} }));
    expect(await nextFrame(socket)).toMatchObject({ type: 'reply', id: 8, envelope: { ok: false, error: { code: 'ipc.invalid_request' } } });
    expect(core.calls.map((call) => call.channel)).toEqual(['session.get']);

    const event = nextFrame(socket);
    core.emit('conversations.changed', {});
    expect(await event).toEqual({ type: 'event', event: 'conversations.changed', payload: {} });
    socket.close();
  });

  it('serves the core from the newest cache page and falls back when it closes', async () => {
    const attached: MessageTransport[] = [];
    let detaches = 0;
    const { origin, token, hosts } = await start(new FakeCore(), { attach: (t) => attached.push(t), detach: () => (detaches += 1) });
    const url = `${origin.replace('http', 'ws')}/_magpie/cache?token=${token}`;
    const first = await connect(url, origin);
    const second = await connect(url, origin);
    await expect.poll(() => attached.length).toBe(2);
    second.close();
    await expect.poll(() => attached.length).toBe(3);
    expect(hosts.hostCount).toBe(1);
    first.close();
    await expect.poll(() => hosts.hostCount).toBe(0);
    expect(detaches).toBeGreaterThanOrEqual(2);
  });
});
