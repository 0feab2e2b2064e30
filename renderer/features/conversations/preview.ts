import type { TFunction } from 'i18next';
import type { ConversationSummary, TimelineMessage } from '../../../shared/ipc';
import { systemEventText, type NameOf } from '../groups/system-text';
import { displayNameOf } from './peer';

/** Names as the list shows them: members by display name, the caller as "You", others "Unknown user". */
export function memberNamer(conversation: Pick<ConversationSummary, 'members'>, meId: string, t: TFunction): NameOf {
  return (userId) => (userId === meId ? t('chat.you') : displayNameOf(conversation.members.find((m) => m.id === userId), t));
}

/** What the message is, in a few words: the text, or a tag for what cannot be shown in one line. */
function body(message: TimelineMessage, nameOf: NameOf, t: TFunction): string {
  const caption = message.text.replace(/\s+/g, ' ').trim();
  const withCaption = (tag: string) => (caption ? `${tag} ${caption}` : tag);
  switch (message.kind) {
    case 'image':
      return withCaption(t('preview.image'));
    case 'video':
      return withCaption(t('preview.video'));
    case 'audio':
      return withCaption(t('preview.audio'));
    case 'file':
      return `${t('preview.file')} ${message.attachment?.name ?? caption}`.trim();
    case 'card':
      return `${t('preview.card')} ${message.card?.title ?? ''}`.trim();
    case 'system':
      return message.system ? systemEventText(message.system, nameOf, t) : '';
    default:
      return caption;
  }
}

/**
 * The one-line preview of a conversation's newest message: "You: …" for your own, "Name: …" for
 * others' in a group, the event sentence for system messages, and a notice for recalled ones.
 */
export function previewText(conversation: ConversationSummary, meId: string, t: TFunction): string {
  const last = conversation.lastMessage;
  if (!last) return '';
  const nameOf = memberNamer(conversation, meId, t);
  if (last.recalled) return last.senderId === meId ? t('preview.recalledByYou') : t('preview.recalled', { name: nameOf(last.senderId) });
  const text = body(last, nameOf, t);
  if (last.kind === 'system') return text;
  if (last.senderId === meId) return t('conversations.youPrefix', { text });
  if (conversation.kind === 'group') return t('preview.senderPrefix', { name: nameOf(last.senderId), text });
  return text;
}
