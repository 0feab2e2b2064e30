import { MagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import type { Message } from '../../../shared/protocol';
import type { MethodHandlers } from './context';
import { conversationForMember, sessionOf } from './context';


/**
 * Room for messages in one reply frame. A page of 500 long Chinese messages is megabytes, far past
 * `maxFrameBytes`, so pages are cut by size too (with `hasMore`); the slack covers the envelope.
 */
const FRAME_SLACK_BYTES = 8 * 1024;

/** The longest prefix of `messages` that fits in `budget` bytes of JSON (never empty if any). */
function fitToBytes(messages: Message[], budget: number): Message[] {
  let used = 0;
  for (let i = 0; i < messages.length; i++) {
    used += Buffer.byteLength(JSON.stringify(messages[i])) + 1;
    if (used > budget && i > 0) return messages.slice(0, i);
  }
  return messages;
}

export const messageHandlers: Pick<MethodHandlers, 'messages.send' | 'messages.history' | 'sync.catchUp'> = {
  async 'messages.send'(params, ctx) {
    const me = sessionOf(ctx).user;
    if (params.text.trim() === '') throw new MagpieError('message.empty', 'A message needs some text');
    ctx.limiters.send.take(me.id, 'Sending too fast');
    const conversation = await conversationForMember(ctx, params.conversationId);
    const { message, created } = await ctx.store.appendMessage({
      conversationId: conversation.id,
      senderId: me.id,
      clientId: params.clientId,
      text: params.text,
    });
    // A resend of a stored message was already pushed the first time: push only new ones.
    if (created) {
      ctx.pubsub.publish({ type: 'message.new', userIds: conversation.members.map((m) => m.id), message });
    }
    return { message };
  },

  async 'messages.history'(params, ctx) {
    await conversationForMember(ctx, params.conversationId);
    const page = await ctx.store.history(params.conversationId, params.beforeSeq, params.limit);
    // History runs newest to oldest, so when the frame is full keep the newest end of the page.
    const kept = fitToBytes([...page.messages].reverse(), LIMITS.maxFrameBytes - FRAME_SLACK_BYTES).reverse();
    return { messages: kept, hasMore: page.hasMore || kept.length < page.messages.length };
  },

  async 'sync.catchUp'(params, ctx) {
    const page = await ctx.store.catchUp(sessionOf(ctx).user.id, params.cursors, params.limit);
    const conversationBytes = Buffer.byteLength(JSON.stringify(page.conversations));
    if (conversationBytes > LIMITS.maxFrameBytes / 2) {
      ctx.log.warn({ conversations: page.conversations.length }, 'catch-up conversation list is large for one frame');
    }
    const budget = Math.max(LIMITS.maxFrameBytes / 4, LIMITS.maxFrameBytes - FRAME_SLACK_BYTES - conversationBytes);
    const kept = fitToBytes(page.messages, budget);
    return { conversations: page.conversations, messages: kept, hasMore: page.hasMore || kept.length < page.messages.length };
  },
};
