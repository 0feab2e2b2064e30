import { onCachePort } from './ipc-renderer';

/**
 * The cache host's preload (out/preload/cache-host.cjs). It exposes nothing: it only hands the
 * MessagePort main sends over to the page, which runs the cache RPC on it. Ports cannot cross
 * contextBridge, but window.postMessage carries them into the page's world.
 */
onCachePort((port) => {
  window.postMessage({ type: 'magpie:cache-port' }, location.origin, [port]);
});
