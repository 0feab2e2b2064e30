import { foldText, indexTokens, MAX_PREFIX, MIN_PREFIX, textRuns, type TextRun } from './tokenize';

// One set of query rules for the desktop cache (main/core/cache re-exports this) and the server.

/**
 * A search query: what the user typed, split into terms that must ALL appear in a message.
 * A CJK term is a phrase (its characters contiguous, as typed): '今天开会' does not match
 * '我们今天下午开会吗', while '今天 开会' does. A word term matches a whole word, or any word it
 * begins when it is the query's last word (the user is still typing it) and has 3+ letters.
 */
export interface QueryTerm {
  kind: 'cjk' | 'word';
  text: string;
  prefix: boolean;
}

export interface TextRange {
  start: number;
  end: number;
}

/** At most this many highlight ranges per message: enough to render, bounded for the bridge. */
const MAX_HIGHLIGHTS = 32;

export function parseQuery(query: string): QueryTerm[] {
  const { folded } = foldText(query);
  const runs = textRuns(folded);
  // A trailing space means the last word is finished: match it whole.
  const stillTyping = runs.length > 0 && runs.at(-1)!.start + runs.at(-1)!.text.length === folded.length;
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  runs.forEach((run, index) => {
    const prefix = run.kind === 'word' && stillTyping && index === runs.length - 1 && run.text.length >= MIN_PREFIX;
    const key = `${run.kind}:${prefix}:${run.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    terms.push({ kind: run.kind, text: run.text, prefix });
  });
  return terms;
}

/**
 * The index tokens any message matching `term` is guaranteed to hold; the planner reads the
 * rarest one. Every bigram of a CJK phrase qualifies, so the choice among them is free.
 */
export function candidateTokens(term: QueryTerm): string[] {
  if (term.kind === 'word') return [term.prefix ? term.text.slice(0, MAX_PREFIX) : term.text];
  const chars = Array.from(term.text);
  if (chars.length === 1) return [chars[0]!];
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) bigrams.add(chars[i]! + chars[i + 1]!);
  return [...bigrams];
}

/**
 * Checks a message text against every term (the index only proposes candidates: bigram hits
 * like 'ab' + 'bc' in 'ab…bc' are removed here). Returns the highlight ranges in the original
 * text (UTF-16 offsets, sorted, merged), or null when some term is missing.
 */
export function matchText(terms: readonly QueryTerm[], text: string): TextRange[] | null {
  const { folded, starts, ends } = foldText(text);
  let runs: TextRun[] | null = null;
  const ranges: TextRange[] = [];
  for (const term of terms) {
    const before = ranges.length;
    if (term.kind === 'cjk') {
      for (let at = folded.indexOf(term.text); at >= 0; at = folded.indexOf(term.text, at + term.text.length)) {
        ranges.push({ start: starts[at]!, end: ends[at + term.text.length - 1]! });
      }
    } else {
      runs ??= textRuns(folded);
      for (const run of runs) {
        if (run.kind !== 'word') continue;
        const hit = term.prefix ? run.text.startsWith(term.text) : run.text === term.text;
        if (hit) ranges.push({ start: starts[run.start]!, end: ends[run.start + term.text.length - 1]! });
      }
    }
    if (ranges.length === before) return null;
  }
  return mergeRanges(ranges).slice(0, MAX_HIGHLIGHTS);
}

function mergeRanges(ranges: TextRange[]): TextRange[] {
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** What the server's index stores for a message: its distinct tokens, space-joined. */
export function searchDocument(text: string): string {
  return indexTokens(text).join(' ');
}

/** Every index token a match for ALL `terms` must hold (the AND the index is asked for). */
export function requiredTokens(terms: readonly QueryTerm[]): string[] {
  return [...new Set(terms.flatMap(candidateTokens))];
}
