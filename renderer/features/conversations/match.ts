/**
 * Matching typed text against names and messages, for the list filter and the quick switcher.
 * Chinese has no spaces between words, so this is a substring match, not a word match; NFKC folds
 * full-width letters and digits (typed with a Chinese input method) into ordinary ones.
 */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();
}

/** Every space-separated term of the query appears in at least one of the fields. */
export function matchesQuery(query: string, fields: readonly (string | null | undefined)[]): boolean {
  const terms = normalizeForMatch(query).split(' ').filter(Boolean);
  if (terms.length === 0) return true;
  const haystacks = fields.filter((f): f is string => !!f).map(normalizeForMatch);
  return terms.every((term) => haystacks.some((h) => h.includes(term)));
}
