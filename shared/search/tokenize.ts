/**
 * How message text becomes search tokens, shared by the index (write side) and the query (read
 * side) so both always agree.
 *
 * Chinese (and Japanese/Korean) has no spaces between words, so a CJK run is indexed as every
 * single character plus every overlapping bigram: any substring of a run can then be found from
 * its rarest bigram (or its one character), whatever the words are. A word segmenter
 * (Intl.Segmenter) was rejected: its output depends on context and on the ICU build, so the
 * query '开会' can be cut differently from the same characters inside a message, and Node's and
 * Chromium's ICU differ. Latin/digit words are indexed whole, plus their 3..5-character prefixes
 * so that the last word of a query can match as a prefix ('meet' finds 'meeting') from one
 * index range that is still ordered newest first.
 */

/** Prefixes shorter than this are not indexed: a 1-2 letter last query word matches whole words only. */
export const MIN_PREFIX = 3;
/** Longer prefixes add write cost for little selectivity; a longer query prefix is verified against the text. */
export const MAX_PREFIX = 5;

/**
 * The text folded for matching (NFKC, lower case, Latin diacritics removed), with, for every
 * folded UTF-16 unit, the original text range it came from, so highlights point into the text
 * the user sees.
 */
export interface FoldedText {
  folded: string;
  /** Original start offset of each folded unit. */
  starts: number[];
  /** Original end offset (exclusive) of each folded unit. */
  ends: number[];
}

export function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
    (code >= 0x3400 && code <= 0x4dbf) || // extension A
    (code >= 0x3040 && code <= 0x30ff) || // hiragana, katakana
    (code >= 0xac00 && code <= 0xd7af) || // hangul syllables
    (code >= 0x1100 && code <= 0x11ff) || // hangul jamo
    (code >= 0x3130 && code <= 0x318f) || // hangul compatibility jamo
    (code >= 0x31f0 && code <= 0x31ff) || // katakana extensions
    (code >= 0xf900 && code <= 0xfaff) || // compatibility ideographs (NFKC maps most away)
    (code >= 0x20000 && code <= 0x3ffff) // extensions B..H
  );
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARKS = /\p{M}/gu;

/** A folded code point is part of a Latin/digit (or other spaced-script) word. */
export function isWordChar(char: string, code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
  return !isCjk(code) && LETTER_OR_DIGIT.test(char);
}

/** Folds one code point; the common cases (ASCII, unified ideographs) skip `normalize`. */
function foldChar(char: string, code: number): string {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : char;
  if (code >= 0x4e00 && code <= 0x9fff) return char;
  const compat = char.normalize('NFKC').toLowerCase();
  // Kana voicing marks are letters' identity, not decoration: strip marks off non-CJK only.
  const first = compat.codePointAt(0) ?? 0;
  if (isCjk(first)) return compat;
  return compat.normalize('NFD').replace(MARKS, '');
}

export function foldText(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const out = foldChar(char, code);
    const end = offset + char.length;
    for (let i = 0; i < out.length; i++) {
      starts.push(offset);
      ends.push(end);
    }
    folded += out;
    offset = end;
  }
  return { folded, starts, ends };
}

/** A piece of folded text: a CJK run or a word, with its folded offsets. */
export interface TextRun {
  kind: 'cjk' | 'word';
  text: string;
  start: number;
}

/** Splits folded text into CJK runs and words; everything else separates them. */
export function textRuns(folded: string): TextRun[] {
  const runs: TextRun[] = [];
  let kind: TextRun['kind'] | null = null;
  let start = 0;
  let index = 0;
  for (const char of folded) {
    const code = char.codePointAt(0)!;
    const next: TextRun['kind'] | null = isCjk(code) ? 'cjk' : isWordChar(char, code) ? 'word' : null;
    if (next !== kind) {
      if (kind) runs.push({ kind, text: folded.slice(start, index), start });
      kind = next;
      start = index;
    }
    index += char.length;
  }
  if (kind) runs.push({ kind, text: folded.slice(start, index), start });
  return runs;
}

/** The distinct tokens a text is indexed under (see the file comment). */
export function indexTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const run of textRuns(foldText(text).folded)) {
    if (run.kind === 'cjk') {
      const chars = Array.from(run.text);
      for (let i = 0; i < chars.length; i++) {
        tokens.add(chars[i]!);
        if (i + 1 < chars.length) tokens.add(chars[i]! + chars[i + 1]!);
      }
    } else {
      const word = run.text;
      tokens.add(word);
      for (let length = MIN_PREFIX; length <= Math.min(word.length - 1, MAX_PREFIX); length++) tokens.add(word.slice(0, length));
    }
  }
  return [...tokens];
}
