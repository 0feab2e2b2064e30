import type { Net, PowerMonitor } from 'electron';

/**
 * Tells the core the moment the network is likely back, so it reconnects at once instead of
 * waiting out its backoff. Electron's main process has no `online` event: we poll `net.isOnline()`
 * (cheap, no traffic) and also react to waking from sleep and unlocking, when links come back.
 */
export interface NetworkWatchOptions {
  powerMonitor: Pick<PowerMonitor, 'on' | 'off'>;
  net: Pick<Net, 'isOnline'>;
  onOnline: () => void;
  pollMs?: number;
}

export function watchNetwork({ powerMonitor, net, onOnline, pollMs = 5_000 }: NetworkWatchOptions): () => void {
  let wasOnline = net.isOnline();

  const check = () => {
    const online = net.isOnline();
    if (online && !wasOnline) onOnline();
    wasOnline = online;
  };
  const woke = () => {
    wasOnline = net.isOnline();
    if (wasOnline) onOnline();
  };

  const timer = setInterval(check, pollMs);
  timer.unref?.();
  powerMonitor.on('resume', woke);
  powerMonitor.on('unlock-screen', woke);
  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', woke);
    powerMonitor.off('unlock-screen', woke);
  };
}
