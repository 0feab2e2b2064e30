import type { OutboxItem } from '../../shared/cache';
import type { TimelineMessage } from '../../shared/ipc';
import type { Message } from '../../shared/protocol';

/** A message the server has accepted, as the UI shows it (every field, as the cache holds it). */
export function sentToTimeline(message: Message): TimelineMessage {
  return { ...message, status: 'sent', transferId: null };
}

/** A message still in the outbox: `sending` until the server has it, `failed` if it refused. */
export function outboxToTimeline(item: OutboxItem): TimelineMessage {
  const message: TimelineMessage = {
    id: null,
    clientId: item.clientId,
    conversationId: item.conversationId,
    seq: null,
    senderId: item.senderId,
    kind: item.kind,
    text: item.text,
    createdAt: item.createdAt,
    mentions: item.mentions,
    mentionsAll: item.mentionsAll,
    attachment: null,
    card: null,
    system: null,
    replyTo: item.replyTo,
    forwardedFrom: null,
    editedAt: null,
    recalled: null,
    reactions: [],
    rev: 0,
    status: item.status === 'failed' ? 'failed' : 'sending',
    transferId: item.transferId ?? null,
  };
  if (item.error) message.error = item.error;
  return message;
}
