import { MagpieError } from '../../../shared/errors';
import type { MethodHandlers } from './context';
import { conversationForMember, publishChanges, sessionOf } from './context';

type Handlers = Pick<
  MethodHandlers,
  'users.search' | 'users.get' | 'conversations.list' | 'conversations.get' | 'conversations.updateSettings' | 'conversations.openDirect' | 'conversations.markRead'
>;

export const conversationHandlers: Handlers = {
  async 'users.search'(params, ctx) {
    return { users: await ctx.store.searchUsers(params.query, params.limit) };
  },

  /** Everyone signed in may look anyone up: the directory is the workspace (as users.search is). */
  async 'users.get'(params, ctx) {
    sessionOf(ctx);
    return { users: await ctx.store.messaging.usersById(params.ids) };
  },

  async 'conversations.list'(_params, ctx) {
    return { conversations: await ctx.store.messaging.listConversations(sessionOf(ctx).user.id) };
  },

  async 'conversations.get'(params, ctx) {
    return { conversation: await conversationForMember(ctx, params.conversationId) };
  },

  async 'conversations.updateSettings'(params, ctx) {
    const { muted, pinned } = params;
    const { result, changes } = await ctx.store.messaging.updateSettings(sessionOf(ctx).user.id, params.conversationId, { muted, pinned });
    publishChanges(ctx, changes);
    return result;
  },

  async 'conversations.openDirect'(params, ctx) {
    const me = sessionOf(ctx).user;
    if (params.userId === me.id) throw new MagpieError('validation.invalid', 'userId: a direct conversation needs another person');
    const other = await ctx.store.findUserById(params.userId);
    if (!other) throw new MagpieError('user.not_found', 'No such user');
    const { result, changes } = await ctx.store.messaging.openDirect(me.id, other.id, Date.now());
    publishChanges(ctx, changes);
    return { conversation: result.conversation };
  },

  async 'conversations.markRead'(params, ctx) {
    const { result, changes } = await ctx.store.messaging.markRead(sessionOf(ctx).user.id, params.conversationId, params.seq);
    publishChanges(ctx, changes);
    return result;
  },
};
