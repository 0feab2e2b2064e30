import type { TFunction } from 'i18next';
import type { Conversation, User } from '../../../shared/protocol/entities';

/** The person on the other side of a direct conversation (yourself for a note-to-self). */
export function peerOf(conversation: Pick<Conversation, 'members'>, meId: string | undefined): User | null {
  return conversation.members.find((m) => m.id !== meId) ?? conversation.members[0] ?? null;
}

export function displayNameOf(user: User | null | undefined, t: TFunction): string {
  if (!user) return t('conversations.unknownUser');
  return user.displayName.trim() || user.username;
}

/** What a conversation is called in the list and the chat header. */
export function conversationTitle(conversation: Pick<Conversation, 'members'>, meId: string | undefined, t: TFunction): string {
  const peer = peerOf(conversation, meId);
  const name = displayNameOf(peer, t);
  return peer && peer.id === meId ? t('conversations.selfTitle', { name }) : name;
}
