export const AVATAR_COLOURS = 8;

/** The same user always gets the same colour, on every computer (FNV-1a over the id). */
export function avatarColour(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % AVATAR_COLOURS;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/gu;

/**
 * Initials as people expect them: "Ada Lovelace" → "AL", "王小明" → "小明" (Chinese apps show the
 * given name, the last two characters), a single word → its first letter.
 */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) return '?';
  // In a mixed name such as "爱丽丝 Alice", the Chinese part is the name people recognise.
  const cjk = trimmed.match(CJK);
  if (cjk) return cjk.slice(-2).join('');
  const words = trimmed.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : [words[0]!];
  return letters.map((w) => Array.from(w)[0] ?? '').join('').toUpperCase();
}
