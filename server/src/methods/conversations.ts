import { MagpieError } from '../../../shared/errors';
import type { MethodHandlers } from './context';
import { sessionOf } from './context';

export const conversationHandlers: Pick<MethodHandlers, 'users.search' | 'conversations.list' | 'conversations.openDirect'> = {
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
};
