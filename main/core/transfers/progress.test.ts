import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeThrottle, SpeedMeter } from './progress';

afterEach(() => {
  vi.useRealTimers();
});

describe('progress', () => {
  it('is announced at most 4 times a second per transfer, the latest value last, state changes at once', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const throttle = new ChangeThrottle<string>((value) => sent.push(value), () => Date.now());
    for (let i = 1; i <= 100; i++) {
      throttle.push('t1', `p${i}`);
      vi.advanceTimersByTime(10); // 100 updates over one second
    }
    vi.advanceTimersByTime(250);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent.at(-1)).toBe('p100');
    throttle.push('t2', 'other'); // another transfer has its own allowance
    throttle.flush('t1', 'done');
    expect(sent.slice(-2)).toEqual(['other', 'done']);
  });

  it('speed is smoothed, not the last chunk’s rate', () => {
    let now = 0;
    const meter = new SpeedMeter(() => now);
    meter.sample(0);
    for (let i = 1; i <= 10; i++) {
      now += 1000;
      meter.sample(i * 1_000_000); // 1 MB/s steady
    }
    expect(meter.bytesPerSecond).toBe(1_000_000);
    now += 1000;
    const afterBurst = meter.sample(11_000_000 + 10_000_000); // one 10 MB/s second
    expect(afterBurst).toBeGreaterThan(1_000_000);
    expect(afterBurst).toBeLessThan(5_000_000);
  });
});
