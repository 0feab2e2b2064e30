import type { ReactNode } from 'react';

export interface TextRange {
  start: number;
  end: number;
}

/** Ranges inside `length`, sorted, non-empty and not overlapping: a bad range never breaks the row. */
export function cleanRanges(ranges: readonly TextRange[], length: number): TextRange[] {
  const sorted = ranges
    .map((r) => ({ start: Math.max(0, Math.min(r.start, length)), end: Math.max(0, Math.min(r.end, length)) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const out: TextRange[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ ...range });
  }
  return out;
}

/** Characters kept before the first match, so a hit deep in a long message is still on screen. */
const LEAD_CHARS = 30;

/**
 * The part of a long message worth showing: from a little before the first match, with "…" when
 * text was cut. Offsets are UTF-16 (as the core sends them); the cut never splits a surrogate pair.
 */
export function snippet(text: string, ranges: readonly TextRange[]): { text: string; ranges: TextRange[] } {
  const clean = cleanRanges(ranges, text.length);
  const first = clean[0];
  if (!first || first.start <= LEAD_CHARS) return { text, ranges: clean };
  let cut = first.start - LEAD_CHARS;
  if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut -= 1;
  const shift = cut - 1; // the "…" takes one code unit
  return { text: `…${text.slice(cut)}`, ranges: clean.map((r) => ({ start: r.start - shift, end: r.end - shift })) };
}

/** `text` with every range wrapped in <mark>. */
export function HighlightedText({ text, ranges }: { text: string; ranges: readonly TextRange[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const range of cleanRanges(ranges, text.length)) {
    if (range.start > at) parts.push(text.slice(at, range.start));
    parts.push(
      <mark key={range.start} className="search-highlight" data-testid="search-highlight">
        {text.slice(range.start, range.end)}
      </mark>,
    );
    at = range.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
