import type { OutboxItem } from '../../shared/cache';
import type { TimelineMessage } from '../../shared/ipc';
import type { Message } from '../../shared/protocol';

/** A message the server has accepted, as the UI shows it. */
export function sentToTimeline(message: Message): TimelineMessage {
  return {
    clientId: message.clientId,
    conversationId: message.conversationId,
    seq: message.seq,
    senderId: message.senderId,
    text: message.text,
    createdAt: message.createdAt,
    status: 'sent',
  };
}

/** A message still in the outbox: `sending` until the server has it, `failed` if it refused. */
export function outboxToTimeline(item: OutboxItem): TimelineMessage {
  const message: TimelineMessage = {
    clientId: item.clientId,
    conversationId: item.conversationId,
    seq: null,
    senderId: item.senderId,
    text: item.text,
    createdAt: item.createdAt,
    status: item.status === 'failed' ? 'failed' : 'sending',
  };
  if (item.error) message.error = item.error;
  return message;
}
