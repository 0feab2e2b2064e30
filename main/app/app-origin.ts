/**
 * The app's own origin. Every trust decision in main (IPC senders, navigation, permissions) asks
 * these two functions, so "ours" is defined in exactly one place.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'magpie';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/`;
export const CACHE_HOST_URL = `${APP_ORIGIN}/cache-host/`;

/**
 * True when `url` belongs to `app://magpie`. We compare parts instead of `URL.origin` because
 * Node's URL reports `"null"` as the origin of schemes it does not know, and because a lookalike
 * such as `app://magpie.evil` or `app://user@magpie` must not pass.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Only these may leave the app for the user's browser: never file:, javascript:, smb: and friends. */
export function isWebUrl(url: string | null | undefined): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:');
}

function parseUrl(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
