import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './csp';

/**
 * `app://magpie/` serves the built renderer and the cache host from inside app.asar. A custom
 * standard+secure scheme (not file://) gives the pages a real origin: IndexedDB, CSP 'self' and
 * the IPC sender check all depend on it, and no page can read arbitrary files by URL.
 */

/** Where the built pages live (inside app.asar when packaged). */
export interface AppContentRoots {
  renderer: string;
  cacheHost: string;
}

/** Must run before `app` is ready: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, roots: AppContentRoots): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, roots));
}

const CACHE_HOST_PREFIX = '/cache-host';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFileLookup = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps a request URL to a file under one of the roots, or says why not. `..` in any spelling
 * (literal, %2e%2e, %2f-joined, backslashes) can never leave the root.
 */
export function resolveAppFile(requestUrl: string, roots: AppContentRoots): AppFileLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 };

  const inCacheHost = pathname === CACHE_HOST_PREFIX || pathname.startsWith(`${CACHE_HOST_PREFIX}/`);
  const root = path.resolve(inCacheHost ? roots.cacheHost : roots.renderer);
  let relative = inCacheHost ? pathname.slice(CACHE_HOST_PREFIX.length) || '/' : pathname;
  if (relative.endsWith('/')) relative += 'index.html';

  if (relative.split('/').some((segment) => segment === '..')) return { ok: false, status: 403 };
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(root + path.sep)) return { ok: false, status: 403 };
  return { ok: true, file };
}

export async function serveAppRequest(request: Request, roots: AppContentRoots): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
  const lookup = resolveAppFile(request.url, roots);
  if (!lookup.ok) return plain(lookup.status, lookup.status === 404 ? 'Not Found' : 'Forbidden');

  let body: Buffer;
  try {
    body = await readFile(lookup.file);
  } catch {
    // ENOENT, EISDIR and friends: nothing to serve, and no file-system detail leaks to the page.
    return plain(404, 'Not Found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: securityHeaders({ 'Content-Type': contentTypeOf(lookup.file) }),
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }) });
}

function securityHeaders(extra: Record<string, string>): Headers {
  return new Headers({
    ...extra,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
}
