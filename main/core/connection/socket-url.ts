/**
 * The socket lives at `/socket` under the server address: http(s)://host[:port][/base] becomes
 * ws(s)://host[:port][/base]/socket. A ws(s) address with its own path is taken as given.
 */
export function toSocketUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if ((url.protocol === 'ws:' || url.protocol === 'wss:') && url.pathname !== '/' && url.pathname !== '') {
    return url.toString();
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`Unsupported server address scheme: ${url.protocol}`);
  }
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  url.pathname = `${base}socket`;
  url.search = '';
  url.hash = '';
  return url.toString();
}
