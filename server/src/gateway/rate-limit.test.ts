import { describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { RateLimiter } from './rate-limit';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('token bucket rate limiter', () => {
  it('allows a burst up to capacity, then says how long to wait', () => {
    const time = clock();
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 1, now: time.now });
    expect([limiter.tryTake('a'), limiter.tryTake('a'), limiter.tryTake('a')]).toEqual([0, 0, 0]);
    expect(limiter.tryTake('a')).toBe(1000);
    time.advance(400);
    expect(limiter.tryTake('a')).toBe(600);
  });

  it('refills over time, never beyond capacity', () => {
    const time = clock();
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 10, now: time.now });
    limiter.tryTake('a');
    limiter.tryTake('a');
    time.advance(60_000);
    expect([limiter.tryTake('a'), limiter.tryTake('a'), limiter.tryTake('a') > 0]).toEqual([0, 0, true]);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1 });
    expect(limiter.tryTake('alice')).toBe(0);
    expect(limiter.tryTake('bob')).toBe(0);
    expect(limiter.tryTake('alice')).toBeGreaterThan(0);
  });

  it('throws rate.limited with retryAfterMs from take()', () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 2 });
    limiter.take('k');
    const error = (() => {
      try {
        limiter.take('k');
      } catch (e) {
        return e;
      }
    })();
    expect(isMagpieError(error, 'rate.limited')).toBe(true);
    expect(isMagpieError(error) && error.details?.retryAfterMs).toBeGreaterThan(0);
  });

  it('forgets buckets that have refilled, so memory does not grow with every key ever seen', () => {
    const time = clock();
    const limiter = new RateLimiter({ capacity: 5, refillPerSecond: 5, now: time.now });
    for (let i = 0; i < 999; i++) limiter.tryTake(`ip-${i}`);
    time.advance(10_000);
    limiter.tryTake('trigger-prune');
    expect(limiter.size).toBeLessThan(10);
  });
});
