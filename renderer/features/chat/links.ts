import { invoke } from '../../bridge/client';

/**
 * Opens an http(s) link in the system browser through main, never in this window. A refusal
 * (not http(s), main unavailable) leaves the page where it is; there is nothing else to do.
 */
export function openExternal(url: string): void {
  invoke('app.openExternal', { url }).catch(() => undefined);
}
