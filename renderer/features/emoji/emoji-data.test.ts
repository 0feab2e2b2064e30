import { describe, expect, it } from 'vitest';
import { loadEmojis, MAX_EMOJI_VERSION, searchEmojis } from './emoji-data';
import en from 'emojibase-data/en/data.json';

describe('emoji data', () => {
  it('offers no emoji newer than most systems can draw, and still finds them by Chinese names', async () => {
    const entries = await loadEmojis();
    const newer = new Set(en.filter((e) => e.version > MAX_EMOJI_VERSION).map((e) => e.emoji));
    expect(newer.size).toBeGreaterThan(0);
    expect(entries.some((e) => newer.has(e.emoji))).toBe(false);
    expect(entries.length).toBeGreaterThan(1500);
    expect(searchEmojis(entries, '笑').length).toBeGreaterThan(3);
  });
});
