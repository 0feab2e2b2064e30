import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';
import { toSocketUrl } from './socket-url';

describe('Backoff (full jitter)', () => {
  it('stays within [0, min(cap, base * 2^attempt))', () => {
    const high = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0.999999 });
    const ceilings = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000];
    for (const ceiling of ceilings) {
      const delay = high.next();
      expect(delay).toBeLessThan(ceiling);
      expect(delay).toBeGreaterThanOrEqual(ceiling - 1);
    }
    const low = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0 });
    for (let i = 0; i < 5; i++) expect(low.next()).toBe(0);
  });

  it('never exceeds the cap, even after a very long outage', () => {
    const backoff = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0.5 });
    for (let i = 0; i < 2_000; i++) {
      const delay = backoff.next();
      expect(Number.isFinite(delay)).toBe(true);
      expect(delay).toBeLessThanOrEqual(15_000);
    }
  });

  it('spreads clients out: the same attempt gives different delays', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647);
    const delays = Array.from({ length: 50 }, () => {
      const backoff = new Backoff({ baseMs: 500, capMs: 30_000, random });
      for (let i = 0; i < 6; i++) backoff.next();
      return backoff.next();
    });
    expect(new Set(delays).size).toBeGreaterThan(40);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0.999 });
    for (let i = 0; i < 8; i++) backoff.next();
    expect(backoff.attempts).toBe(8);
    backoff.reset();
    expect(backoff.next()).toBeLessThan(500);
  });
});

describe('toSocketUrl', () => {
  it.each([
    ['http://127.0.0.1:8787', 'ws://127.0.0.1:8787/socket'],
    ['https://chat.example.com', 'wss://chat.example.com/socket'],
    ['https://chat.example.com/magpie/', 'wss://chat.example.com/magpie/socket'],
    ['ws://localhost:9000', 'ws://localhost:9000/socket'],
    ['wss://chat.example.com/custom/path', 'wss://chat.example.com/custom/path'],
  ])('%s → %s', (input, expected) => {
    expect(toSocketUrl(input)).toBe(expected);
  });
});
