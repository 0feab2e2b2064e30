import type { TimelineMessage } from '../../../shared/ipc';
import type { ReplyRef, User } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';
import type { MentionToken } from '../../state/drafts';

/** The quote a reply carries, as the server will freeze it: the start of the text, or the file's name. */
export function toReplyRef(message: TimelineMessage): ReplyRef | null {
  if (message.id === null || message.seq === null) return null;
  const preview = (message.text.trim() || message.attachment?.name || message.card?.title || '').slice(0, LIMITS.maxReplyPreviewChars);
  return { messageId: message.id, seq: message.seq, senderId: message.senderId, kind: message.kind, preview };
}

/** The mention tokens of a message being edited, so the edit keeps naming the same people. */
export function mentionTokensOf(message: TimelineMessage, people: Map<string, User>): MentionToken[] {
  const tokens: MentionToken[] = [];
  for (const userId of message.mentions) {
    const person = people.get(userId);
    if (!person) continue;
    const display = `@${person.displayName.trim()}`;
    const token = person.displayName.trim() && message.text.includes(display) ? display : `@${person.username}`;
    if (message.text.includes(token)) tokens.push({ token, userId });
  }
  return tokens;
}

export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('[data-testid="composer-input"]')?.focus();
}
