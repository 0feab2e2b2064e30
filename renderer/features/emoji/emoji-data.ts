import type { CompactEmoji, Emoji } from 'emojibase';

/** One emoji the picker offers, with its English and Chinese names and keywords for search. */
export interface EmojiEntry {
  emoji: string;
  hexcode: string;
  group: number;
  order: number;
  en: string;
  zh: string;
  /** Lower-cased English and Chinese keywords and shortcodes. */
  keywords: string[];
}

/** emojibase's group numbers, in picker order; 2 ("components": bare skin tones, hair) is left out. */
export const EMOJI_GROUPS = [0, 1, 3, 4, 5, 6, 7, 8, 9] as const;
export type EmojiGroup = (typeof EMOJI_GROUPS)[number];

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The newest Emoji version offered. Later ones (16, 17) draw as empty boxes on most systems in use
 * (Windows 10/11 and Debian's Noto Color Emoji stop at 15), and a reaction nobody can see is noise.
 */
export const MAX_EMOJI_VERSION = 15;

export function buildEntries(en: readonly Emoji[], zh: readonly CompactEmoji[]): EmojiEntry[] {
  const zhByHex = new Map(zh.map((e) => [e.hexcode, e]));
  const entries: EmojiEntry[] = [];
  for (const e of en) {
    if (e.group === undefined || e.group === 2 || e.order === undefined || e.version > MAX_EMOJI_VERSION) continue;
    const z = zhByHex.get(e.hexcode);
    entries.push({
      emoji: e.emoji,
      hexcode: e.hexcode,
      group: e.group,
      order: e.order,
      en: e.label,
      zh: z?.label ?? e.label,
      keywords: [...(e.tags ?? []), ...(z?.tags ?? []), ...(e.shortcodes ?? [])].map(fold),
    });
  }
  return entries.sort((a, b) => a.order - b.order);
}

let loading: Promise<EmojiEntry[]> | null = null;

/**
 * The emoji data, bundled with the app (no request leaves the machine) and loaded on first use,
 * so the ~1 MB of names costs nothing until someone opens the picker.
 */
export function loadEmojis(): Promise<EmojiEntry[]> {
  loading ??= Promise.all([import('emojibase-data/en/data.json'), import('emojibase-data/zh/compact.json')]).then(([en, zh]) =>
    buildEntries(en.default, zh.default),
  );
  return loading;
}

/**
 * Emoji whose names or keywords contain every word of the query, in either language: names that
 * start with it first, then names that contain it, then keyword matches.
 */
export function searchEmojis(entries: readonly EmojiEntry[], query: string, limit = 200): EmojiEntry[] {
  const words = fold(query).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: { entry: EmojiEntry; score: number }[] = [];
  for (const entry of entries) {
    const en = fold(entry.en);
    const zh = fold(entry.zh);
    let score = 0;
    for (const word of words) {
      if (en.startsWith(word) || zh.startsWith(word)) score += 3;
      else if (en.includes(word) || zh.includes(word)) score += 2;
      else if (entry.keywords.some((k) => k.includes(word))) score += 1;
      else {
        score = 0;
        break;
      }
    }
    if (score > 0) scored.push({ entry, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.entry.order - b.entry.order)
    .slice(0, limit)
    .map((s) => s.entry);
}
