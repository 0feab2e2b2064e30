import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { contentTypeOf, resolveContentFile, type AppContentRoots } from './content-files';
import { CONTENT_SECURITY_POLICY } from './csp';
import { MEDIA_SCHEME_PRIVILEGES } from './media-protocol';

/**
 * `app://magpie/` serves the built renderer and the cache host from inside app.asar. A custom
 * standard+secure scheme (not file://) gives the pages a real origin: IndexedDB, CSP 'self' and
 * the IPC sender check all depend on it, and no page can read arbitrary files by URL.
 */

/** Must run before `app` is ready: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
    MEDIA_SCHEME_PRIVILEGES,
  ]);
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, roots: AppContentRoots): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, roots));
}

export type AppFileLookup = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/** Maps a request URL to a file under one of the roots (see content-files.ts), or says why not. */
export function resolveAppFile(requestUrl: string, roots: AppContentRoots): AppFileLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };

  const lookup = resolveContentFile(url.pathname, roots);
  return lookup.ok ? { ok: true, file: lookup.file } : lookup;
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
