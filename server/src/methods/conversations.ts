import { MagpieError } from '../../../shared/errors';
import type { MethodHandlers } from './context';
import { conversationForMember, sessionOf } from './context';

export const conversationHandlers: Pick<MethodHandlers, 'users.search' | 'conversations.list' | 'conversations.openDirect' | 'conversations.markRead'> = {
  async 'users.search'(params, ctx) {
    return { users: await ctx.store.searchUsers(params.query, params.limit) };
  },

  async 'conversations.list'(_params, ctx) {
    return { conversations: await ctx.store.listConversations(sessionOf(ctx).user.id) };
  },

  async 'conversations.openDirect'(params, ctx) {
    const me = sessionOf(ctx).user;
    if (params.userId === me.id) {
      throw new MagpieError('validation.invalid', 'userId: a direct conversation needs another person');
    }
    const other = await ctx.store.findUserById(params.userId);
    if (!other) throw new MagpieError('user.not_found', 'No such user');
    const { conversation, created } = await ctx.store.openDirect(me.id, other.id);
    if (created) {
      ctx.pubsub.publish({ type: 'conversation.updated', userIds: conversation.members.map((m) => m.id), conversation });
    }
    return { conversation };
  },

  async 'conversations.markRead'(params, ctx) {
    const me = sessionOf(ctx).user;
    const conversation = await conversationForMember(ctx, params.conversationId);
    // A marker past the newest message would hide messages not yet sent: clamp to what exists.
    const { readSeq, lastSeq, moved } = await ctx.store.markRead(conversation.id, me.id, Math.min(params.seq, conversation.lastSeq));
    if (moved) {
      // Every member's every socket: the reader's other devices clear their badge, the peer shows "Read".
      ctx.pubsub.publish({ type: 'conversation.read', userIds: conversation.members.map((m) => m.id), conversationId: conversation.id, userId: me.id, readSeq });
    }
    return { readSeq, unreadCount: Math.max(0, lastSeq - readSeq) };
  },
};
