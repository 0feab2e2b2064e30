import type { TimelineMessage } from '../../../shared/ipc';
import type { Conversation } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';

export type ConversationFacts = Pick<Conversation, 'kind' | 'members' | 'state' | 'allMuted'>;

/** What the user may do to one message: the toolbar and the menu offer exactly these. */
export interface MessageActions {
  reply: boolean;
  edit: boolean;
  recall: boolean;
  /** Own messages: ms left in the recall window; null when there is no limit (group owner/admin). */
  recallRemainingMs: number | null;
  hide: boolean;
  forward: boolean;
  copy: boolean;
  react: boolean;
}

const NONE: MessageActions = { reply: false, edit: false, recall: false, recallRemainingMs: null, hide: false, forward: false, copy: false, react: false };

/** Whether the user may write here at all (the server would answer conversation.muted / inactive). */
export function canSend(conversation: ConversationFacts | null, meId: string): boolean {
  if (!conversation || conversation.state !== 'active') return false;
  const me = conversation.members.find((m) => m.id === meId);
  if (!me) return false;
  if (me.muted) return false;
  return !(conversation.kind === 'group' && conversation.allMuted && me.role === 'member');
}

/**
 * Mirrors the server's rules (shared/protocol/methods) so nothing is offered that would fail:
 * edit own text messages; recall own ones within the workspace's window, or any in a group the
 * user owns or administers; nothing but "delete for me" on a recalled message; nothing on one
 * still in the outbox (retry and delete cover those) or on a system line.
 */
export function messageActions(
  message: TimelineMessage,
  conversation: ConversationFacts | null,
  meId: string,
  now: number,
  recallWindowMs: number = LIMITS.defaultRecallWindowMs,
): MessageActions {
  if (message.id === null || message.seq === null || message.kind === 'system') return NONE;
  if (message.recalled) return { ...NONE, hide: true };
  const active = conversation?.state === 'active';
  const writable = canSend(conversation, meId);
  const own = message.senderId === meId;
  const role = conversation?.members.find((m) => m.id === meId)?.role ?? 'member';
  const manager = conversation?.kind === 'group' && (role === 'owner' || role === 'admin');
  const remaining = message.createdAt + recallWindowMs - now;
  const recall = active && (manager || (own && remaining > 0));
  return {
    reply: writable,
    edit: writable && own && message.kind === 'text',
    recall,
    recallRemainingMs: recall && !manager ? remaining : null,
    hide: true,
    forward: true,
    copy: message.text.trim().length > 0,
    react: active,
  };
}

/** "1:05" for a minute and five seconds. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
