import path from 'node:path';

/**
 * Which built file answers a page's path, for both the Electron app:// protocol and the browser
 * shell's local server: `/cache-host/…` from the cache-host build, everything else from the
 * renderer build, `…/` meaning its index.html. `..` in any spelling can never leave a root.
 * Pure (no electron), so the shell shares it.
 */

/** Where the built pages live (inside app.asar when packaged). */
export interface AppContentRoots {
  renderer: string;
  cacheHost: string;
}

export type ContentLookup = { ok: true; file: string; isRendererIndex: boolean } | { ok: false; status: 400 | 403 };

const CACHE_HOST_PREFIX = '/cache-host';

/** `rawPathname` is the URL's path as it arrived, still percent-encoded. */
export function resolveContentFile(rawPathname: string, roots: AppContentRoots): ContentLookup {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPathname);
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
  return { ok: true, file, isRendererIndex: !inCacheHost && relative === '/index.html' };
}

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
