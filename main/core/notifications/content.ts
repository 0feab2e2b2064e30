import type { Conversation, Message } from '../../../shared/protocol';
import type { DesktopText } from './desktop-strings';

/** Long enough for a glance; OS notification centres cut far shorter texts anyway. */
const MAX_BODY_CHARS = 180;

export type ContentConversation = Pick<Conversation, 'kind' | 'title' | 'members'>;
export type ContentMessage = Pick<Message, 'senderId' | 'kind' | 'text' | 'attachment' | 'card' | 'recalled'>;

/**
 * What a notification says: the conversation's name as the title (a group's title, or the sender
 * in a direct conversation) and the message as the body, prefixed with the sender in groups.
 * Attachments are named by kind; a recalled message's content is never shown.
 */
export function notificationContent(message: ContentMessage, conversation: ContentConversation, text: DesktopText): { title: string; body: string } {
  const sender = conversation.members.find((member) => member.id === message.senderId);
  const senderName = sender?.displayName.trim() || sender?.username || text('notification.someone');
  const preview = messagePreview(message, text);
  if (conversation.kind === 'direct') return { title: senderName, body: preview };
  return { title: groupName(conversation, text), body: clip(text('notification.groupBody', { sender: senderName, text: preview })) };
}

export function conversationName(conversation: ContentConversation, selfId: string, text: DesktopText): string {
  if (conversation.kind === 'group') return groupName(conversation, text);
  const peer = conversation.members.find((member) => member.id !== selfId) ?? conversation.members[0];
  return peer?.displayName.trim() || peer?.username || text('notification.someone');
}

export function messagePreview(message: ContentMessage, text: DesktopText): string {
  if (message.recalled) return '';
  const caption = oneLine(message.text);
  const withCaption = (label: string) => (caption ? text('notification.withCaption', { label, caption }) : label);
  switch (message.kind) {
    case 'image':
    case 'audio':
    case 'video':
      return clip(withCaption(text(`notification.${message.kind}`)));
    case 'file':
      return clip(withCaption(text('notification.file', { name: message.attachment?.name ?? '' }).trim()));
    case 'card':
      return clip(text('notification.card', { title: message.card?.title ?? '' }).trim());
    default:
      return clip(caption);
  }
}

function groupName(conversation: ContentConversation, text: DesktopText): string {
  if (conversation.title.trim()) return conversation.title.trim();
  const names = conversation.members.slice(0, 4).map((member) => member.displayName.trim() || member.username);
  return names.length > 0 ? names.join(', ') : text('notification.someone');
}

/** Markdown fences and line breaks read badly in a one-line banner. */
function oneLine(value: string): string {
  return value.replace(/```/g, '').replace(/\s+/g, ' ').trim();
}

function clip(value: string): string {
  const chars = [...value];
  return chars.length <= MAX_BODY_CHARS ? value : `${chars.slice(0, MAX_BODY_CHARS - 1).join('')}…`;
}
