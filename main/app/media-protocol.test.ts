import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { handleMediaProtocol, MEDIA_ORIGIN, serveMediaRequest } = await import('./media-protocol');
const { registerAppScheme } = await import('./app-protocol');
const { CONTENT_SECURITY_POLICY } = await import('./csp');
const { electronDesktopHost } = await import('./desktop-host');

describe('the magpie-media:// protocol', () => {
  it('is registered privileged with app:// in one call, streaming, and handled by the core', async () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(protocol.registerSchemesAsPrivileged.mock.calls[0]![0]).toContainEqual({
      scheme: 'magpie-media',
      privileges: expect.objectContaining({ standard: true, secure: true, stream: true }),
    });
    const serve = vi.fn(async () => ({ status: 200, headers: { 'Content-Type': 'image/png' }, body: Readable.from([Buffer.from('png')]) }));
    handleMediaProtocol(protocol, serve);
    const [scheme, handler] = protocol.handle.mock.calls[0]! as unknown as [string, (request: Request) => Promise<Response>];
    expect(scheme).toBe('magpie-media');
    const response = await handler(new Request('magpie-media://media/f1/thumbnail?sig=abc', { headers: { Range: 'bytes=0-1' } }));
    expect(serve).toHaveBeenCalledWith({ method: 'GET', target: 'f1/thumbnail?sig=abc', range: 'bytes=0-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(await response.text()).toBe('png');
  });

  it('passes Range replies through and answers other hosts with 404 without asking the core', async () => {
    const serve = vi.fn(async () => ({ status: 206, headers: { 'Content-Range': 'bytes 0-1/10' }, body: Readable.from([Buffer.from('ab')]) }));
    const partial = await serveMediaRequest(new Request('magpie-media://media/f1/original?sig=x'), serve);
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 0-1/10');
    const elsewhere = await serveMediaRequest(new Request('magpie-media://evil/f1/original?sig=x'), serve);
    expect(elsewhere.status).toBe(404);
    expect(serve).toHaveBeenCalledTimes(1);
  });

  it('is allowed by the CSP for images and media, and nothing else', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['img-src']).toContain(MEDIA_ORIGIN);
    expect(directives['media-src']).toContain(MEDIA_ORIGIN);
    for (const [name, directive] of Object.entries(directives)) {
      if (name !== 'img-src' && name !== 'media-src') expect(directive).not.toContain('magpie-media');
    }
  });
});

describe('the Electron desktop', () => {
  it('uses the app’s folders and the shell’s open and reveal, and drags with the file’s icon', async () => {
    const contents = { isDestroyed: () => false, startDrag: vi.fn() };
    const app = { getPath: vi.fn((name: string) => `/home/ann/${name}`), getFileIcon: vi.fn(async () => 'icon') };
    const shell = { openPath: vi.fn(async () => ''), showItemInFolder: vi.fn() };
    const desktop = electronDesktopHost({ app: app as never, shell, dragSource: () => contents as never });
    expect(desktop.dataDir).toBe('/home/ann/userData');
    expect(desktop.downloadsDir()).toBe('/home/ann/downloads');
    expect(desktop.mediaBaseUrl).toBe('magpie-media://media/');
    await desktop.openPath('/home/ann/downloads/a.pdf');
    await desktop.showItemInFolder('/home/ann/downloads/a.pdf');
    await desktop.startDrag('/home/ann/downloads/a.pdf');
    expect(shell.openPath).toHaveBeenCalledWith('/home/ann/downloads/a.pdf');
    expect(shell.showItemInFolder).toHaveBeenCalledWith('/home/ann/downloads/a.pdf');
    expect(contents.startDrag).toHaveBeenCalledWith({ file: '/home/ann/downloads/a.pdf', icon: 'icon' });
    shell.openPath.mockResolvedValueOnce('No application');
    await expect(desktop.openPath('/x')).rejects.toMatchObject({ code: 'app.unsupported' });
  });
});
