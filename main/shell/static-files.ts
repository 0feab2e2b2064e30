import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SHELL_PATHS } from '../../shared/ipc';
import { contentTypeOf, resolveContentFile } from '../app/content-files';

/** The same policy the Electron app sends, plus the shell's own socket (same origin). */
export const SHELL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  // Media are served by this origin too (/media/, see media-route.ts).
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Serves the built pages: `/` is the renderer, `/cache-host/` the hidden cache page, and the
 * shell bridge script is put in front of the renderer's own scripts, the way Electron's preload
 * runs before the page.
 */
export function createStaticHandler(outDir: string) {
  const roots = { renderer: path.join(outDir, 'renderer'), cacheHost: path.join(outDir, 'cache-host') };
  const bridgeScript = path.join(outDir, 'shell', 'shell-bridge.js');

  return async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed');
    const { pathname } = new URL(request.url ?? '/', 'http://shell.invalid');
    if (pathname === SHELL_PATHS.bridgeScript) return serveFile(response, bridgeScript);

    const lookup = resolveContentFile(pathname, roots);
    if (!lookup.ok) return send(response, lookup.status, lookup.status === 400 ? 'Bad path' : 'Forbidden');
    return lookup.isRendererIndex ? serveRendererIndex(response, lookup.file) : serveFile(response, lookup.file);
  };
}

async function serveRendererIndex(response: ServerResponse, file: string): Promise<void> {
  let html: string;
  try {
    html = await fs.readFile(file, 'utf8');
  } catch {
    return send(response, 500, 'The renderer is not built. Run `npm run build`.');
  }
  const tag = `<script src="${SHELL_PATHS.bridgeScript}"></script>`;
  // The bridge must define window.magpie before any of the renderer's scripts run.
  const injected = html.includes('<head>') ? html.replace('<head>', `<head>${tag}`) : tag + html;
  // The page's own CSP meta forbids frames; the shell hosts its cache page in one, so it allows it.
  const withFrames = injected.replace(/(http-equiv="Content-Security-Policy"\s+content="[^"]*)"/i, (_m, start: string) =>
    start.includes('frame-src') ? `${start}"` : `${start}; frame-src 'self'"`,
  );
  headers(response, file);
  response.end(withFrames);
}

async function serveFile(response: ServerResponse, file: string): Promise<void> {
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return send(response, 404, 'Not found');
  }
  headers(response, file);
  response.end(body);
}

function headers(response: ServerResponse, file: string): void {
  response.statusCode = 200;
  response.setHeader('Content-Type', contentTypeOf(file));
  response.setHeader('Content-Security-Policy', SHELL_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
}

function send(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.end(text);
}
