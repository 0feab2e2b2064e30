import type { TimelineMessage } from '../../../../shared/ipc';
import type { User } from '../../../../shared/protocol/entities';
import type { MentionPattern } from '../markdown';

/** How `@all` is written: the composer inserts the one of the user's language; both are recognised. */
export const MENTION_ALL_TOKENS = ['@all', '@所有人'] as const;

/**
 * The `@name` spellings of the people a message mentions, marking the reader's own (and `@all`,
 * which includes them). Both display name and username count, since either may have been typed.
 */
export function mentionPatterns(message: Pick<TimelineMessage, 'mentions' | 'mentionsAll'>, people: Map<string, User>, meId: string): MentionPattern[] {
  const patterns: MentionPattern[] = [];
  for (const id of message.mentions) {
    const person = people.get(id);
    if (!person) continue;
    const me = id === meId;
    if (person.displayName.trim()) patterns.push({ token: `@${person.displayName.trim()}`, me });
    patterns.push({ token: `@${person.username}`, me });
  }
  if (message.mentionsAll) for (const token of MENTION_ALL_TOKENS) patterns.push({ token, me: true });
  return patterns;
}
