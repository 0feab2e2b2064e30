import { describe, expect, it } from 'vitest';
import { matchesQuery, normalizeForMatch } from './match';

describe('matching typed text', () => {
  it('finds Chinese inside a mixed name, with no spaces needed', () => {
    expect(matchesQuery('王', ['Bob 王'])).toBe(true);
    expect(matchesQuery('开会', ['你好，今天开会吗？'])).toBe(true);
    expect(matchesQuery('李', ['Bob 王'])).toBe(false);
  });

  it('ignores case, extra spaces and full-width letters from a Chinese input method', () => {
    expect(matchesQuery('  BOB  ', ['bob stone'])).toBe(true);
    expect(matchesQuery('ｂｏｂ', ['Bob'])).toBe(true);
    expect(normalizeForMatch('Ａ１\n b')).toBe('a1 b');
  });

  it('needs every term, each in any field', () => {
    expect(matchesQuery('bob 会', ['Bob 王', '今天开会吗'])).toBe(true);
    expect(matchesQuery('bob alice', ['Bob 王', '今天开会吗'])).toBe(false);
  });

  it('matches everything for an empty query and skips missing fields', () => {
    expect(matchesQuery('', [])).toBe(true);
    expect(matchesQuery('x', [null, undefined])).toBe(false);
  });
});
