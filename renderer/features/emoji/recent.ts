const KEY = 'magpie.emoji.recent';
const MAX = 24;

/** Emoji this computer used last, most recent first (for the picker's first row and quick reactions). */
export function recentEmojis(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((e): e is string => typeof e === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(emoji: string): void {
  const next = [emoji, ...recentEmojis().filter((e) => e !== emoji)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the picker works without a recent row.
  }
}
