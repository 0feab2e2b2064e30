import { describe, expect, it } from 'vitest';
import { candidateTokens, matchText, parseQuery } from './search-query';
import { encodeTime } from './search-index';
import { foldText, indexTokens } from './search-text';

const highlighted = (text: string, query: string) =>
  matchText(parseQuery(query), text)?.map(({ start, end }) => text.slice(start, end)) ?? null;

describe('search tokens', () => {
  it('indexes a CJK run as characters and overlapping bigrams', () => {
    expect(indexTokens('今天开会').sort()).toEqual(['今', '今天', '天', '天开', '开', '开会', '会'].sort());
  });

  it('indexes Latin words whole and by their 3..5 letter prefixes, folded', () => {
    expect(indexTokens('Meeting')).toEqual(['meeting', 'mee', 'meet', 'meeti']);
    expect(indexTokens('Café ＡＢＣ ok')).toEqual(['cafe', 'caf', 'abc', 'ok']);
  });

  it('splits mixed text into words and CJK runs', () => {
    expect(indexTokens('Bob王 v2').sort()).toEqual(['bob', '王', 'v2'].sort());
  });

  it('maps folded text back to original offsets', () => {
    const { folded, starts, ends } = foldText('Ａé𠀀x');
    expect(folded).toBe('ae𠀀x');
    expect(starts).toEqual([0, 1, 2, 2, 4]);
    expect(ends).toEqual([1, 2, 4, 4, 5]);
  });

  it('encodes time so that newer sorts first', () => {
    expect(encodeTime(2_000) < encodeTime(1_000)).toBe(true);
    expect(encodeTime(Date.now()) < encodeTime(0)).toBe(true);
    expect(encodeTime(1_700_000_000_000)).toHaveLength(3);
  });
});

describe('search queries', () => {
  it('treats a CJK run as a phrase and spaces as AND', () => {
    expect(parseQuery('今天开会')).toEqual([{ kind: 'cjk', text: '今天开会', prefix: false }]);
    expect(highlighted('我们今天下午开会吗', '今天开会')).toBeNull();
    expect(highlighted('我们今天下午开会吗', '今天 开会')).toEqual(['今天', '开会']);
    expect(highlighted('明天开会', '今天 开会')).toBeNull();
  });

  it('removes bigram false positives: every bigram present is not the phrase', () => {
    expect(highlighted('今天好，天开了', '今天开')).toBeNull();
    expect(highlighted('ab…bc', 'abc')).toBeNull();
  });

  it('makes only the last word of 3+ letters a prefix, unless a space ends the query', () => {
    expect(parseQuery('team meet')).toEqual([
      { kind: 'word', text: 'team', prefix: false },
      { kind: 'word', text: 'meet', prefix: true },
    ]);
    expect(parseQuery('meet ')[0]?.prefix).toBe(false);
    expect(parseQuery('me')[0]?.prefix).toBe(false);
    expect(highlighted('Meeting at 3', 'meet')).toEqual(['Meet']);
    expect(highlighted('Meeting at 3', 'meet ')).toBeNull();
    expect(highlighted('teams meeting', 'team meet')).toBeNull();
  });

  it('folds case and diacritics and highlights the original characters', () => {
    expect(highlighted('Un CAFÉ?', 'cafe')).toEqual(['CAFÉ']);
    expect(highlighted('Bob 王', '王')).toEqual(['王']);
    expect(highlighted('ｍｅｅｔ', 'meet')).toEqual(['ｍｅｅｔ']);
  });

  it('names the tokens a match must hold', () => {
    expect(candidateTokens({ kind: 'cjk', text: '王', prefix: false })).toEqual(['王']);
    expect(candidateTokens({ kind: 'cjk', text: '今天开会', prefix: false })).toEqual(['今天', '天开', '开会']);
    expect(candidateTokens({ kind: 'word', text: 'meetings', prefix: true })).toEqual(['meeti']);
    expect(candidateTokens({ kind: 'word', text: 'meetings', prefix: false })).toEqual(['meetings']);
  });

  it('ignores queries with nothing searchable', () => {
    expect(parseQuery('  !?… ')).toEqual([]);
  });
});
