import type { AppSettings } from '../../../shared/ipc';
import type { Conversation, Message } from '../../../shared/protocol';

/**
 * Whether a new message deserves a notification: pure, so every rule is a row in a table test.
 * The rules, in the order they are checked (the first that says no is the reason):
 * - own messages, system events and recalled messages never notify;
 * - notifications off, do-not-disturb until a time still ahead, a muted conversation (muted means
 *   silent, mentions included; the badge still counts) or one the user no longer belongs to;
 * - the conversation is in view in a focused window (the user is already reading it);
 * - in `mentions` mode only direct messages and messages that mention the user or @all.
 */

export interface AppView {
  conversationId: string | null;
  focused: boolean;
}

export type SkipReason =
  | 'own'
  | 'system'
  | 'recalled'
  | 'disabled'
  | 'dnd'
  | 'muted'
  | 'inactive'
  | 'in-view'
  | 'not-mentioned';

export type Decision = { notify: true } | { notify: false; reason: SkipReason };

export type PolicyConversation = Pick<Conversation, 'id' | 'kind' | 'state' | 'settings'>;
export type PolicyMessage = Pick<Message, 'conversationId' | 'senderId' | 'kind' | 'recalled' | 'mentions' | 'mentionsAll'>;

export interface ConversationContext {
  conversation: PolicyConversation;
  settings: AppSettings['notifications'];
  view: AppView;
  now: number;
}

/** The rules that hold for a whole conversation (also what a catch-up summary counts). */
export function conversationDecision({ conversation, settings, view, now }: ConversationContext): Decision {
  if (!settings.enabled) return skip('disabled');
  if (settings.dndUntil !== null && settings.dndUntil > now) return skip('dnd');
  if (conversation.settings.muted) return skip('muted');
  if (conversation.state !== 'active') return skip('inactive');
  if (view.focused && view.conversationId === conversation.id) return skip('in-view');
  return { notify: true };
}

export function messageDecision(message: PolicyMessage, selfId: string, context: ConversationContext): Decision {
  if (message.senderId === selfId) return skip('own');
  if (message.kind === 'system') return skip('system');
  if (message.recalled) return skip('recalled');
  const forConversation = conversationDecision(context);
  if (!forConversation.notify) return forConversation;
  if (context.settings.mode === 'mentions' && !concernsUser(message, selfId, context.conversation)) return skip('not-mentioned');
  return { notify: true };
}

/** A direct message, or one that names the user or everyone. */
export function concernsUser(message: PolicyMessage, selfId: string, conversation: Pick<Conversation, 'kind'>): boolean {
  return conversation.kind === 'direct' || message.mentionsAll || message.mentions.includes(selfId);
}

function skip(reason: SkipReason): Decision {
  return { notify: false, reason };
}
