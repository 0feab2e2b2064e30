import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaRequest } from '../core/host';
import { shellDesktopHost, userDownloadsDir } from './desktop-host';
import { serveMediaRoute } from './media-route';
import { startShellServer, type ShellServer } from './shell-server';
import { SHELL_CSP } from './static-files';

let server: ShellServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function outDir(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'magpie-shell-media-'));
  for (const dir of ['renderer', 'cache-host', 'shell']) mkdirSync(path.join(out, dir));
  writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><head></head>');
  return out;
}

describe('the shell’s media route', () => {
  it('hands /media/ requests with their Range to the core and streams the answer back', async () => {
    const seen: MediaRequest[] = [];
    const core = {
      serveMedia: async (request: MediaRequest) => {
        seen.push(request);
        return { status: 206, headers: { 'Content-Type': 'video/mp4', 'Content-Range': 'bytes 2-4/10' }, body: Readable.from([Buffer.from('cde')]) };
      },
    };
    server = await startShellServer(0, outDir(), {
      onBridge: () => {},
      onCacheHost: () => {},
      onMedia: (request, response) => serveMediaRoute(core, request, response),
    });
    const response = await fetch(`${server.origin}/media/f1/original?sig=abc`, { headers: { Range: 'bytes=2-4' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await response.text()).toBe('cde');
    expect(seen).toEqual([{ method: 'GET', target: 'f1/original?sig=abc', range: 'bytes=2-4' }]);
    // Everything else is still the static site.
    expect((await fetch(`${server.origin}/`)).status).toBe(200);
  });

  it('is allowed by the shell’s CSP for images and media on its own origin only', () => {
    expect(SHELL_CSP).toContain("img-src 'self' data: blob:");
    expect(SHELL_CSP).toContain("media-src 'self' blob:");
  });
});

describe('the shell’s desktop', () => {
  function fakeSpawn(fail = false) {
    const calls: Array<{ command: string; args: string[] }> = [];
    const spawn = vi.fn((command: string, args: string[]) => {
      calls.push({ command, args });
      const child = Object.assign(new EventEmitter(), { unref: vi.fn() });
      setImmediate(() => (fail ? child.emit('error', new Error('ENOENT')) : child.emit('spawn')));
      return child;
    });
    return { calls, spawn: spawn as never };
  }

  it('opens with xdg-open on Linux, reveals the folder, and cannot drag', async () => {
    const { calls, spawn } = fakeSpawn();
    const desktop = shellDesktopHost({ dataDir: '/data', downloadsDir: '/dl', platform: 'linux', spawn });
    await desktop.openPath('/dl/a.pdf');
    await desktop.showItemInFolder('/dl/a.pdf');
    expect(calls).toEqual([
      { command: 'xdg-open', args: ['/dl/a.pdf'] },
      { command: 'xdg-open', args: ['/dl'] },
    ]);
    await expect(desktop.startDrag('/dl/a.pdf')).rejects.toMatchObject({ code: 'app.unsupported' });
    expect(desktop.mediaBaseUrl).toBe('/media/');
    expect(desktop.downloadsDir()).toBe('/dl');
  });

  it('uses open -R on macOS and says app.unsupported when there is no opener', async () => {
    const mac = fakeSpawn();
    await shellDesktopHost({ dataDir: '/d', platform: 'darwin', spawn: mac.spawn }).showItemInFolder('/x/a.pdf');
    expect(mac.calls).toEqual([{ command: 'open', args: ['-R', '/x/a.pdf'] }]);
    const none = fakeSpawn(true);
    await expect(shellDesktopHost({ dataDir: '/d', platform: 'linux', spawn: none.spawn }).openPath('/x')).rejects.toMatchObject({ code: 'app.unsupported' });
  });

  it('finds the Downloads folder from XDG user-dirs, else ~/Downloads', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'magpie-home-'));
    expect(userDownloadsDir('linux', { HOME: home })).toBe(path.join(home, 'Downloads'));
    mkdirSync(path.join(home, '.config'));
    writeFileSync(path.join(home, '.config', 'user-dirs.dirs'), 'XDG_DOWNLOAD_DIR="$HOME/下载"\n');
    expect(userDownloadsDir('linux', { HOME: home })).toBe(path.join(home, '下载'));
  });
});
