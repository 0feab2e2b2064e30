import type { SearchHit, TimelineMessage, Transfer } from '../../shared/ipc';
import { MagpieError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import type { FileInfo, MessageKind } from '../../shared/protocol/entities';
import type { FakeBridge, Handlers } from './fake-bridge';

/** A file copied into the fake's staging area, chunk by chunk, as main keeps it. */
interface Staged {
  name: string;
  contentType: string;
  size: number;
  received: number;
  complete: boolean;
}

export interface MessageOpsState {
  /** Client ids the signed-in user deleted for themselves. */
  hidden: Set<string>;
  /** Client ids the server has but this device's cache has not (search.server finds them, search.local does not). */
  uncached: Set<string>;
  staged: Map<string, Staged>;
  transfers: Map<string, Transfer>;
  /** URLs app.openExternal was asked to open. */
  opened: string[];
}

function find(bridge: FakeBridge, conversationId: string, messageId: string): TimelineMessage {
  const message = bridge.messagesOf(conversationId).find((m) => m.id === messageId);
  if (!message || bridge.ops.hidden.has(message.clientId)) throw new MagpieError('message.not_found', messageId);
  return message;
}

function kindOf(contentType: string): MessageKind {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'file';
}

/** Replaces a transfer's state, as main would, and says so on `transfers.changed`. */
export function updateTransfer(bridge: FakeBridge, transferId: string, patch: Partial<Transfer>): Transfer {
  const current = bridge.ops.transfers.get(transferId);
  if (!current) throw new Error(`no transfer ${transferId}`);
  const next = { ...current, ...patch, updatedAt: Date.now() };
  bridge.ops.transfers.set(transferId, next);
  bridge.emit('transfers.changed', { transfer: next });
  return next;
}

export function addTransfer(bridge: FakeBridge, fields: Partial<Transfer> & Pick<Transfer, 'direction' | 'name' | 'size'>): Transfer {
  const transfer: Transfer = {
    id: `t-${bridge.nextNumber()}`,
    state: 'running',
    contentType: 'application/octet-stream',
    bytesDone: 0,
    bytesPerSecond: 0,
    conversationId: null,
    messageClientId: null,
    fileId: null,
    localPath: null,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    ...fields,
  };
  bridge.ops.transfers.set(transfer.id, transfer);
  return transfer;
}

function search(bridge: FakeBridge, query: string, conversationId: string | undefined): SearchHit[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  return bridge
    .allConversations()
    .flatMap((c) => bridge.messagesOf(c.id))
    .filter((m) => m.seq !== null && !m.recalled && !bridge.ops.hidden.has(m.clientId))
    .filter((m) => !conversationId || m.conversationId === conversationId)
    .filter((m) => terms.every((term) => m.text.toLowerCase().includes(term)))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((message) => ({
      message,
      conversationId: message.conversationId,
      highlights: terms
        .map((term) => ({ start: message.text.toLowerCase().indexOf(term), end: message.text.toLowerCase().indexOf(term) + term.length }))
        .sort((a, b) => a.start - b.start),
    }));
}

/**
 * The message operations, transfers, media and server search, behaving as the core documents
 * them in shared/ipc/contract.ts (rules mirrored from the server: own text messages only for
 * edits, the recall window, one reaction per emoji and user), over the fake's in-memory world.
 */
export function fakeMessageOps(bridge: FakeBridge): Partial<Handlers> {
  return {
    'messages.send': ({ conversationId, text, mentions, mentionsAll, replyToMessageId, stagingId }) => {
      const conversation = bridge.conversationById(conversationId);
      if (!conversation) throw new MagpieError('conversation.not_found', conversationId);
      const me = bridge.me();
      const replyTo = replyToMessageId ? find(bridge, conversationId, replyToMessageId) : null;
      const extra: Partial<TimelineMessage> = {
        status: bridge.deliver ? 'sent' : 'sending',
        mentions,
        mentionsAll,
        replyTo: replyTo && replyTo.seq !== null
          ? { messageId: replyTo.id!, seq: replyTo.seq, senderId: replyTo.senderId, kind: replyTo.kind, preview: (replyTo.text || replyTo.attachment?.name || '').slice(0, LIMITS.maxReplyPreviewChars) }
          : null,
      };
      if (stagingId) {
        const staged = bridge.ops.staged.get(stagingId);
        if (!staged || !staged.complete) throw new MagpieError('validation.invalid', `staging ${stagingId} is not complete`);
        const contentType = staged.contentType || 'application/octet-stream';
        const number = bridge.nextNumber();
        const file: FileInfo = {
          id: `f-${number}`,
          name: staged.name,
          size: staged.size,
          contentType,
          sha256: '0'.repeat(64),
          width: contentType.startsWith('image/') ? 640 : null,
          height: contentType.startsWith('image/') ? 480 : null,
          durationMs: null,
          thumbnailFileId: contentType.startsWith('image/') ? `f-${number}-thumb` : null,
        };
        extra.kind = kindOf(contentType);
        if (bridge.deliver) extra.attachment = file;
        else extra.transferId = addTransfer(bridge, { direction: 'upload', name: staged.name, size: staged.size, contentType, conversationId }).id;
      }
      return { message: bridge.addMessage(conversationId, me, text, extra) };
    },
    'messages.edit': ({ conversationId, messageId, text, mentions, mentionsAll }) => {
      const message = find(bridge, conversationId, messageId);
      if (message.senderId !== bridge.me().id || message.kind !== 'text' || message.recalled) throw new MagpieError('message.not_editable', messageId);
      Object.assign(message, { text, mentions, mentionsAll, editedAt: Date.now() });
      return { message: { ...message } };
    },
    'messages.recall': ({ conversationId, messageId }) => {
      const message = find(bridge, conversationId, messageId);
      const me = bridge.me();
      const role = bridge.conversationById(conversationId)?.members.find((m) => m.id === me.id)?.role;
      const manager = role === 'owner' || role === 'admin';
      if (!manager && message.senderId !== me.id) throw new MagpieError('conversation.role_required', 'not yours');
      if (!manager && Date.now() - message.createdAt > LIMITS.defaultRecallWindowMs) {
        throw new MagpieError('message.recall_expired', 'too late', { windowMs: LIMITS.defaultRecallWindowMs });
      }
      Object.assign(message, { recalled: { by: me.id, at: Date.now() }, text: '', attachment: null, card: null, mentions: [], reactions: [] });
      return { message: { ...message } };
    },
    'messages.hide': ({ conversationId, messageId }) => {
      bridge.ops.hidden.add(find(bridge, conversationId, messageId).clientId);
      return {};
    },
    'messages.react': ({ conversationId, messageId, emoji, on }) => {
      const message = find(bridge, conversationId, messageId);
      const me = bridge.me().id;
      const reactions = message.reactions.map((r) => ({ ...r, userIds: [...r.userIds] }));
      const entry = reactions.find((r) => r.emoji === emoji);
      if (on && !entry) reactions.push({ emoji, userIds: [me] });
      else if (on && entry && !entry.userIds.includes(me)) entry.userIds.push(me);
      else if (!on && entry) entry.userIds = entry.userIds.filter((id) => id !== me);
      message.reactions = reactions.filter((r) => r.userIds.length > 0);
      return { message: { ...message } };
    },
    'messages.forward': ({ conversationId, messageId, targetConversationIds }) => {
      const source = find(bridge, conversationId, messageId);
      const sender = bridge.userById(source.senderId);
      for (const target of targetConversationIds) {
        if (!bridge.conversationById(target)) throw new MagpieError('conversation.not_found', target);
        bridge.addMessage(target, bridge.me(), source.text, {
          kind: source.kind,
          attachment: source.attachment,
          card: source.card,
          forwardedFrom: { senderId: source.senderId, senderName: sender?.displayName ?? '', createdAt: source.createdAt },
        });
      }
      return {};
    },
    'typing.set': () => ({}),
    'users.get': ({ ids }) => ({ users: ids.map((id) => bridge.userById(id)).filter((u) => u !== undefined) }),
    'app.openExternal': ({ url }) => {
      bridge.ops.opened.push(url);
      return {};
    },
    'media.url': ({ fileId, variant }) => ({ url: `https://media.test/${fileId}/${variant}` }),
    'transfers.list': () => ({ transfers: [...bridge.ops.transfers.values()] }),
    'transfers.stage': ({ stagingId, name, contentType, size, offset, chunkBase64, last }) => {
      let id = stagingId;
      let staged = id ? bridge.ops.staged.get(id) : undefined;
      if (!id) {
        if (offset !== 0) throw new MagpieError('validation.invalid', 'the first chunk starts at 0');
        id = `s-${bridge.nextNumber()}`;
        staged = { name, contentType, size, received: 0, complete: false };
        bridge.ops.staged.set(id, staged);
      }
      if (!staged) throw new MagpieError('transfer.not_found', String(id));
      if (offset !== staged.received || staged.complete) throw new MagpieError('validation.invalid', `chunk at ${offset}, expected ${staged.received}`);
      staged.received += atob(chunkBase64).length;
      if (staged.received > staged.size || (last && staged.received !== staged.size)) throw new MagpieError('validation.invalid', 'size mismatch');
      staged.complete = last;
      return { stagingId: id };
    },
    'transfers.download': ({ conversationId, messageId }) => {
      const file = find(bridge, conversationId, messageId).attachment;
      if (!file) throw new MagpieError('file.not_found', messageId);
      const transfer = addTransfer(bridge, { direction: 'download', name: file.name, size: file.size, contentType: file.contentType, conversationId, fileId: file.id });
      return { transfer };
    },
    'transfers.cancel': ({ transferId }) => {
      updateTransfer(bridge, transferId, { state: 'cancelled', bytesPerSecond: 0 });
      return {};
    },
    'transfers.retry': ({ transferId }) => {
      updateTransfer(bridge, transferId, { state: 'running', error: undefined });
      return {};
    },
    'transfers.remove': ({ transferId }) => {
      if (!bridge.ops.transfers.delete(transferId)) throw new MagpieError('transfer.not_found', transferId);
      return {};
    },
    'transfers.open': ({ transferId }) => {
      if (bridge.ops.transfers.get(transferId)?.state !== 'done') throw new MagpieError('transfer.not_found', transferId);
      return {};
    },
    'transfers.showInFolder': ({ transferId }) => {
      if (bridge.ops.transfers.get(transferId)?.state !== 'done') throw new MagpieError('transfer.not_found', transferId);
      return {};
    },
    'transfers.startDrag': () => {
      throw new MagpieError('app.unsupported', 'no drag out of the browser shell');
    },
    'search.server': ({ query, conversationId, limit, before }) => {
      const all = search(bridge, query, conversationId);
      const start = before ? before.position : 0;
      const results = all.slice(start, start + limit);
      return { results, nextBefore: start + limit < all.length ? { position: start + limit } : null };
    },
  };
}
