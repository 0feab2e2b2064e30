import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { handleAppProtocol, registerAppScheme, resolveAppFile, serveAppRequest } = await import('./app-protocol');
const { CONTENT_SECURITY_POLICY } = await import('./csp');

let base: string;
let roots: { renderer: string; cacheHost: string };

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'magpie-protocol-'));
  roots = { renderer: path.join(base, 'out', 'renderer'), cacheHost: path.join(base, 'out', 'cache-host') };
  await mkdir(path.join(roots.renderer, 'assets'), { recursive: true });
  await mkdir(path.join(roots.cacheHost, 'assets'), { recursive: true });
  await writeFile(path.join(roots.renderer, 'index.html'), '<!doctype html><title>Magpie</title>');
  await writeFile(path.join(roots.renderer, 'assets', 'app.js'), 'console.log("ui")');
  await writeFile(path.join(roots.renderer, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(roots.cacheHost, 'index.html'), '<!doctype html><title>cache host</title>');
  await writeFile(path.join(base, 'out', 'secret.txt'), 'TOP SECRET');
  await writeFile(path.join(base, 'secret.txt'), 'TOP SECRET');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), roots);

describe('the app:// protocol', () => {
  it('serves the renderer’s index.html for / with the strict CSP', async () => {
    const response = await get('app://magpie/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Magpie</title>');
  });

  it('serves assets with their content types', async () => {
    expect((await get('app://magpie/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://magpie/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the cache host under /cache-host/', async () => {
    for (const url of ['app://magpie/cache-host/', 'app://magpie/cache-host', 'app://magpie/cache-host/index.html']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('cache host');
    }
  });

  it.each([
    'app://magpie/..%2fsecret.txt',
    'app://magpie/..%2f..%2fsecret.txt',
    'app://magpie/assets/..%2f..%2fsecret.txt',
    'app://magpie/%2e%2e/%2e%2e/secret.txt',
    'app://magpie/..%5c..%5csecret.txt',
    'app://magpie/cache-host/..%2f..%2fsecret.txt',
    'app://magpie/cache-host/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://magpie/%00secret.txt',
    'app://magpie/%E0%A4%A',
  ])('never serves a file outside its root: %s', async (url) => {
    const response = await get(url);
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('refuses `..` before it reaches the file system', () => {
    expect(resolveAppFile('app://magpie/..%2f..%2fsecret.txt', roots)).toEqual({ ok: false, status: 403 });
  });

  it('knows no other host, no missing file and no writes', async () => {
    expect((await get('app://other/')).status).toBe(404);
    expect((await get('app://magpie/missing.js')).status).toBe(404);
    expect((await get('app://magpie/assets/')).status).toBe(404);
    expect((await get('app://magpie/', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://magpie/', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('registers app: as a standard, secure scheme and handles it', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
      expect.objectContaining({ scheme: 'magpie-media' }),
    ]);
    handleAppProtocol(protocol, roots);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('the content security policy', () => {
  it('allows no inline or remote script and no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });
});
