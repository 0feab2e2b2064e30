import type { MethodHandlers } from './context';
import { sessionOf } from './context';

/**
 * `typing.set`: ephemeral, never stored. Told to the conversation's other active members on every
 * node through the pubsub; clients drop an indicator after LIMITS.typingTtlMs without renewal.
 * Only members who may send may say they are typing.
 */
export const typingHandlers: Pick<MethodHandlers, 'typing.set'> = {
  async 'typing.set'(params, ctx) {
    const me = sessionOf(ctx).user;
    ctx.limiters.typing.take(me.id, 'Typing updates too fast');
    const members = await ctx.store.messaging.typingAudience(me.id, params.conversationId);
    if (members.length > 0) {
      ctx.pubsub.publish({ type: 'typing', userIds: members, conversationId: params.conversationId, userId: me.id, typing: params.typing });
    }
    return {};
  },
};

