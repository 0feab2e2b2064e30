import type { Member } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';
import type { MentionToken } from '../../state/drafts';
import { matchesQuery } from '../conversations/match';
import { MENTION_ALL_TOKENS } from '../chat/parts/mentions';

/** The `@word` being typed just before the caret, if any: where it starts and what it says so far. */
export function activeMention(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]{0,32})$/.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

export type Suggestion = { kind: 'member'; member: Member } | { kind: 'all'; token: string };

export function suggestions(members: readonly Member[], meId: string, query: string, canMentionAll: boolean, allToken: string, limit = 8): Suggestion[] {
  const out: Suggestion[] = [];
  const q = query.normalize('NFKC').toLowerCase();
  if (canMentionAll && MENTION_ALL_TOKENS.some((token) => token.slice(1).startsWith(q))) out.push({ kind: 'all', token: allToken });
  for (const member of members) {
    if (member.id === meId) continue;
    if (matchesQuery(query, [member.displayName, member.username])) out.push({ kind: 'member', member });
    if (out.length >= limit) break;
  }
  return out;
}

/** The text a suggestion puts in the message. */
export function tokenOf(suggestion: Suggestion): string {
  return suggestion.kind === 'all' ? suggestion.token : `@${suggestion.member.displayName.trim() || suggestion.member.username}`;
}

/** Replaces the `@query` at `start` with the token and a space; returns the new text and caret. */
export function insertMention(text: string, start: number, caret: number, token: string): { text: string; caret: number } {
  const next = `${text.slice(0, start)}${token} ${text.slice(caret)}`;
  return { text: next, caret: start + token.length + 1 };
}

/** Who a message names, from the tokens still in its text; `@all` only for those allowed to use it. */
export function resolveMentions(text: string, tokens: readonly MentionToken[], canMentionAll: boolean): { mentions: string[]; mentionsAll: boolean } {
  const mentions = [...new Set(tokens.filter((m) => text.includes(m.token)).map((m) => m.userId))].slice(0, LIMITS.maxMentions);
  const mentionsAll = canMentionAll && MENTION_ALL_TOKENS.some((token) => new RegExp(`(^|\\s)${token}(?=\\s|$)`).test(text));
  return { mentions, mentionsAll };
}
