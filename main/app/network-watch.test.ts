import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { watchNetwork } = await import('./network-watch');

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setUp(initiallyOnline: boolean) {
  let online = initiallyOnline;
  const powerMonitor = new EventEmitter();
  const onOnline = vi.fn();
  const stop = watchNetwork({ powerMonitor: powerMonitor as never, net: { isOnline: () => online }, onOnline, pollMs: 1_000 });
  return { powerMonitor, onOnline, stop, setOnline: (value: boolean) => (online = value) };
}

describe('network watch', () => {
  it('tells the core once when the network comes back', () => {
    const { onOnline, setOnline } = setUp(false);
    vi.advanceTimersByTime(3_000);
    expect(onOnline).not.toHaveBeenCalled();
    setOnline(true);
    vi.advanceTimersByTime(3_000);
    expect(onOnline).toHaveBeenCalledTimes(1);
  });

  it('tells the core after waking from sleep when online', () => {
    const { powerMonitor, onOnline, setOnline } = setUp(true);
    powerMonitor.emit('resume');
    expect(onOnline).toHaveBeenCalledTimes(1);
    setOnline(false);
    powerMonitor.emit('unlock-screen');
    expect(onOnline).toHaveBeenCalledTimes(1);
  });

  it('stops listening', () => {
    const { powerMonitor, onOnline, setOnline, stop } = setUp(false);
    stop();
    setOnline(true);
    vi.advanceTimersByTime(5_000);
    powerMonitor.emit('resume');
    expect(onOnline).not.toHaveBeenCalled();
  });
});
