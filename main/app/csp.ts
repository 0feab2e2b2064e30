import { MEDIA_ORIGIN } from './media-protocol';

/**
 * The Content-Security-Policy of every page served from app://magpie (the UI and the cache host).
 * Declared once here and sent as a response header by the app protocol, so a page cannot loosen it.
 *
 * - Scripts only from our own bundle: no inline script, no eval, no remote code.
 * - The renderer reaches the network only through the bridge, so connect-src is our origin alone.
 * - Styles only from our own files: React and the virtualised lists set element styles through the
 *   CSSOM, which style-src does not govern, so no 'unsafe-inline' is needed.
 * - Images may be blob:/data: URLs the UI builds from bytes main downloaded; images, audio and
 *   video of messages come from main's media cache at exactly the magpie-media:// origin.
 * - frame-src is closed until plugin panels arrive; they will open it for their own origins only.
 */
const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:', MEDIA_ORIGIN],
  'font-src': ["'self'", 'data:'],
  'media-src': ["'self'", 'blob:', MEDIA_ORIGIN],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');
