import type { Message } from '../../../shared/protocol';

/**
 * What a committed write tells live sockets, and whom. `conversation.updated` names the
 * conversation only: each recipient gets it as they see it (their state, settings, markers), so
 * the node delivering it loads the view per recipient.
 */
export type Change =
  | { type: 'message.new'; userIds: string[]; message: Message }
  | { type: 'message.updated'; userIds: string[]; message: Message }
  | { type: 'message.hidden'; userIds: string[]; conversationId: string; messageId: string }
  | { type: 'conversation.updated'; userIds: string[]; conversationId: string }
  | { type: 'conversation.read'; userIds: string[]; conversationId: string; userId: string; readSeq: number };

/** A write's result and the live events it causes (published after commit). */
export interface Written<T> {
  result: T;
  changes: Change[];
}
