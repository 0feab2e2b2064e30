import { ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcEventName, ipcInvokeName, type EventChannel, type InvokeChannel } from '../shared/ipc/channels';
import type { InvokeEnvelope } from '../shared/ipc/contract';

/**
 * The typed wrapper around Electron's raw `ipcRenderer`: the one file that touches it. Both
 * preloads import it (each is bundled on its own). Nothing here is handed to a page directly:
 * the preloads decide what a page may reach.
 */

/** Must equal CACHE_PORT_CHANNEL in main/app/cache-host.ts (a preload may not import main). */
export const CACHE_PORT_CHANNEL = 'magpie:cache-port';

export async function invokeMain(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope> {
  try {
    return (await ipcRenderer.invoke(ipcInvokeName(channel), request)) as InvokeEnvelope;
  } catch {
    // Main answers with envelopes; a throw means it had no handler (still starting or quitting).
    return { ok: false, error: { code: 'server.internal', message: 'The app did not answer this request' } };
  }
}

/** Calls `listener` with the payload only: the IpcRendererEvent (and its `sender`) never escapes. */
export function onMainEvent(event: EventChannel, listener: (payload: unknown) => void): () => void {
  const name = ipcEventName(event);
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(name, handler);
  return () => {
    ipcRenderer.removeListener(name, handler);
  };
}

/** The cache host's port from main, each time main opens a new channel to this page. */
export function onCachePort(listener: (port: MessagePort) => void): void {
  ipcRenderer.on(CACHE_PORT_CHANNEL, (event) => {
    const port = event.ports[0];
    if (port) listener(port);
  });
}
