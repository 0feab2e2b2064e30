import { MagpieError } from '../../../shared/errors';
import type { FileInfo, Message, ParsedParams } from '../../../shared/protocol';
import type { MethodHandlers, RequestContext } from './context';
import { publishChanges, sessionOf } from './context';
import { fitToBytes, FRAME_BUDGET } from './frames';

type MessageMethods = 'messages.send' | 'messages.edit' | 'messages.recall' | 'messages.hide' | 'messages.react' | 'messages.forward' | 'messages.history';

/** The content types each attachment kind accepts (`file` takes any type the upload allowed). */
const KIND_TYPES: Record<'image' | 'video' | 'audio', string> = { image: 'image/', video: 'video/', audio: 'audio/' };

/** The attachment of a send: a file the caller may read, of a type that fits the kind. */
async function attachmentFor(ctx: RequestContext, params: ParsedParams<'messages.send'>, userId: string): Promise<FileInfo | null> {
  const { kind, fileId } = params;
  if (kind === 'text' || kind === 'card') {
    if (fileId !== undefined) throw new MagpieError('validation.invalid', `fileId: a ${kind} message has no attachment`);
    return null;
  }
  if (fileId === undefined) throw new MagpieError('message.invalid_attachment', `A ${kind} message needs a fileId`);
  const file = await ctx.files.readableBy(fileId, userId);
  if (!file) throw new MagpieError('file.not_found', 'No such file');
  if (kind !== 'file' && !file.contentType.toLowerCase().startsWith(KIND_TYPES[kind])) {
    throw new MagpieError('message.invalid_attachment', `A ${kind} message needs a ${kind} file, not ${file.contentType}`, { contentType: file.contentType });
  }
  // The sender's measured length is advisory, and only fills in what the server could not measure.
  if ((kind === 'audio' || kind === 'video') && file.durationMs === null && params.durationMs !== undefined) {
    return { ...file, durationMs: params.durationMs };
  }
  return file;
}

/** One emoji: a single grapheme that is a pictograph, a flag or a keycap. */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
export function isOneEmoji(text: string): boolean {
  const graphemes = [...segmenter.segment(text)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(text);
}

export const messageHandlers: Pick<MethodHandlers, MessageMethods> = {
  async 'messages.send'(params, ctx) {
    const me = sessionOf(ctx).user;
    if (params.kind === 'text' && params.text.trim() === '') throw new MagpieError('message.empty', 'A message needs some text');
    if (params.kind === 'card' && !params.card) throw new MagpieError('validation.invalid', 'card: a card message needs a card');
    if (params.kind !== 'card' && params.card) throw new MagpieError('validation.invalid', `card: a ${params.kind} message has no card`);
    ctx.limiters.send.take(me.id, 'Sending too fast');
    const attachment = await attachmentFor(ctx, params, me.id);
    const { result, changes } = await ctx.store.messaging.send({
      conversationId: params.conversationId,
      senderId: me.id,
      clientId: params.clientId,
      kind: params.kind,
      text: params.text,
      mentions: params.mentions,
      mentionsAll: params.mentionsAll,
      attachment,
      card: params.card ?? null,
      replyToMessageId: params.replyToMessageId,
      now: Date.now(),
    });
    // A resend of a stored message was already pushed the first time: nothing changes.
    publishChanges(ctx, changes);
    return { message: result.message };
  },

  async 'messages.edit'(params, ctx) {
    const me = sessionOf(ctx).user;
    const { result, changes } = await ctx.store.messaging.edit(me.id, params.messageId, params.text, params.mentions, params.mentionsAll, Date.now());
    publishChanges(ctx, changes);
    return result;
  },

  async 'messages.recall'(params, ctx) {
    const me = sessionOf(ctx).user;
    const { recallWindowMs } = await ctx.store.getWorkspaceSettings();
    const { result, changes } = await ctx.store.messaging.recall(me.id, params.messageId, Date.now(), recallWindowMs);
    publishChanges(ctx, changes);
    return result;
  },

  async 'messages.hide'(params, ctx) {
    const { result, changes } = await ctx.store.messaging.hide(sessionOf(ctx).user.id, params.messageId, Date.now());
    publishChanges(ctx, changes);
    return result;
  },

  async 'messages.react'(params, ctx) {
    if (!isOneEmoji(params.emoji)) throw new MagpieError('validation.invalid', 'emoji: one emoji');
    const { result, changes } = await ctx.store.messaging.react(sessionOf(ctx).user.id, params.messageId, params.emoji, params.on);
    publishChanges(ctx, changes);
    return result;
  },

  async 'messages.forward'(params, ctx) {
    const me = sessionOf(ctx).user;
    ctx.limiters.send.take(me.id, 'Sending too fast');
    const { result, changes } = await ctx.store.messaging.forward(me.id, params.messageId, params.targets, Date.now());
    publishChanges(ctx, changes);
    return result;
  },

  async 'messages.history'(params, ctx) {
    const page = await ctx.store.messaging.history(sessionOf(ctx).user.id, params.conversationId, params.beforeSeq, params.limit);
    // History runs newest to oldest, so when the frame is full keep the newest end of the page.
    const kept: Message[] = fitToBytes([...page.messages].reverse(), FRAME_BUDGET).reverse();
    return { messages: kept, hasMore: page.hasMore || kept.length < page.messages.length };
  },
};

