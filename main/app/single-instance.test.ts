import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { claimSingleInstance } = await import('./single-instance');

function fakeApp(gotLock: boolean) {
  return Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
  });
}

describe('one Magpie at a time', () => {
  it('a second launch quits and starts nothing', () => {
    const app = fakeApp(false);
    const onSecondLaunch = vi.fn();
    expect(claimSingleInstance(app as never, onSecondLaunch)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance keeps running and hears about later launches', () => {
    const app = fakeApp(true);
    const onSecondLaunch = vi.fn();
    expect(claimSingleInstance(app as never, onSecondLaunch)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['magpie', 'magpie://open'], '/home/ann');
    expect(onSecondLaunch).toHaveBeenCalledWith(['magpie', 'magpie://open']);
  });
});
