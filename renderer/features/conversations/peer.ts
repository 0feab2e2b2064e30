import type { TFunction } from 'i18next';
import type { Conversation, User } from '../../../shared/protocol/entities';

/** The person on the other side of a direct conversation (yourself for a note-to-self); null for groups. */
export function peerOf(conversation: Pick<Conversation, 'members'> & Partial<Pick<Conversation, 'kind'>>, meId: string | undefined): User | null {
  if (conversation.kind === 'group') return null;
  return conversation.members.find((m) => m.id !== meId) ?? conversation.members[0] ?? null;
}

export function displayNameOf(user: User | null | undefined, t: TFunction): string {
  if (!user) return t('conversations.unknownUser');
  return user.displayName.trim() || user.username;
}

/** What a conversation is called in the list and the chat header: a group's title, else the peer's name. */
export function conversationTitle(
  conversation: Pick<Conversation, 'members'> & Partial<Pick<Conversation, 'kind' | 'title'>>,
  meId: string | undefined,
  t: TFunction,
): string {
  if (conversation.kind === 'group') return conversation.title?.trim() || t('groups.untitled');
  const peer = peerOf(conversation, meId);
  const name = displayNameOf(peer, t);
  return peer && peer.id === meId ? t('conversations.selfTitle', { name }) : name;
}

/** Whether the caller may still write here: left and dissolved groups are kept read-only. */
export function isReadOnly(conversation: Pick<Conversation, 'state'>): boolean {
  return conversation.state !== 'active';
}
