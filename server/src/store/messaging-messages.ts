import { MagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import type { Card, FileInfo, ForwardRef, Message, MessageKind, Reaction, ReplyRef, SystemEvent } from '../../../shared/protocol';
import { newId } from '../ids';
import type { Change, Written } from './changes';
import {
  access, canQuote, commitFeed, messageAudience, messageRev, requireActive, requireCanSend, requireRole, ROLE_RANK, visibleMessage, type Access,
} from './messaging-access';
import { MESSAGE_INSERT_COLUMNS, messageValues, toMessage, type MessageRow } from './rows';
import { all, dialect, get, getLocked, indexText, inList, run, type FeedInsert, type Op } from './sql-ops';
import { sendOnPostgres } from './messaging-send-postgres';

export interface SendInput {
  conversationId: string;
  senderId: string;
  clientId: string;
  kind: Exclude<MessageKind, 'system'>;
  text: string;
  mentions: readonly string[];
  mentionsAll: boolean;
  /** Already checked by the caller: readable by the sender, of a type that fits `kind`. */
  attachment: FileInfo | null;
  card: Card | null;
  replyToMessageId?: string;
  now: number;
}

/** The fields of a new message; `append` allocates its seq. */
type Draft = Omit<Message, 'seq' | 'rev' | 'reactions' | 'editedAt' | 'recalled'>;

/**
 * Allocates the next seq (the conversation row is locked by `access(…, { lock: true })` already),
 * stores the message, moves the sender's read marker to it and indexes its text. No feed row:
 * the caller adds one per message to its transaction's `commitFeed`.
 */
export function* append(draft: Draft): Op<Message> {
  const bumped = yield* get<{ last_seq: number }>('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq', [draft.conversationId]);
  if (!bumped) throw new MagpieError('conversation.not_found', 'No such conversation');
  const message: Message = { ...draft, seq: bumped.last_seq, reactions: [], editedAt: null, recalled: null, rev: 0 };
  yield* run(`INSERT INTO messages (${MESSAGE_INSERT_COLUMNS}) VALUES (${inList(17).slice(1, -1)})`, messageValues(message));
  // Sending reads everything up to the sent message: own messages are never unread.
  yield* run('UPDATE members SET read_seq = ? WHERE conversation_id = ? AND user_id = ? AND read_seq < ?', [message.seq, message.conversationId, message.senderId, message.seq]);
  if (message.kind !== 'system' && message.text !== '') yield* indexText(message.id, message.conversationId, message.text);
  return message;
}

/** A `system` message recording a group event; the actor is its sender. */
export function* appendSystem(conversationId: string, event: SystemEvent, now: number): Op<Message> {
  return yield* append({
    id: newId(), conversationId, clientId: `sys-${newId()}`, senderId: event.actorId, kind: 'system', text: '', createdAt: now,
    mentions: [], mentionsAll: false, attachment: null, card: null, system: event, replyTo: null, forwardedFrom: null,
  });
}

/** Mentions kept: active members only, each once; `@all` only from a group's owner and admins. */
function* resolveMentions(a: Access, mentions: readonly string[], mentionsAll: boolean): Op<{ mentions: string[]; mentionsAll: boolean }> {
  const wanted = [...new Set(mentions)];
  let kept: string[] = [];
  if (wanted.length > 0) {
    const rows = yield* all<{ user_id: string }>(
      `SELECT user_id FROM members WHERE conversation_id = ? AND state = 'active' AND user_id IN ${inList(wanted.length)}`,
      [a.conversation.id, ...wanted],
    );
    const active = new Set(rows.map((r) => r.user_id));
    kept = wanted.filter((id) => active.has(id));
  }
  if (mentionsAll && a.conversation.kind === 'group') requireRole(a, 'admin');
  return { mentions: kept, mentionsAll: mentionsAll && a.conversation.kind === 'group' };
}

/** What a reply shows of the message it answers, frozen now. */
export function replyRefOf(row: MessageRow): ReplyRef {
  const attachment = row.attachment ? (JSON.parse(row.attachment) as FileInfo) : null;
  const card = row.card ? (JSON.parse(row.card) as Card) : null;
  const preview = row.recalled_at !== null ? '' : row.text || attachment?.name || card?.title || '';
  return { messageId: row.id, seq: row.seq, senderId: row.sender_id, kind: row.kind, preview: preview.slice(0, LIMITS.maxReplyPreviewChars) };
}

function* storedByClientId(senderId: string, clientId: string, conversationId: string): Op<Message | null> {
  const existing = yield* get<MessageRow>('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?', [senderId, clientId]);
  if (!existing) return null;
  if (existing.conversation_id !== conversationId) {
    throw new MagpieError('validation.invalid', 'clientId was already used for a message in another conversation');
  }
  return toMessage(existing);
}

export function* send(input: SendInput): Op<Written<{ message: Message; created: boolean }>> {
  // The replied-to message is locked before the conversation: a recall locks a message and then
  // its replies, never a conversation, so this order cannot deadlock, and a recall committing
  // first is seen here (the reply is refused rather than quoting recalled text).
  const replied = input.replyToMessageId
    ? yield* getLocked<MessageRow>('SELECT * FROM messages WHERE id = ?', [input.replyToMessageId])
    : undefined;
  // Same rules, fewer round trips (the statements there say why this is the same transaction).
  if ((yield* dialect()) === 'postgres') return yield* sendOnPostgres(input, replied, replied ? replyRefOf(replied) : null);
  const a = yield* access(input.conversationId, input.senderId, { lock: true });
  // Checked under the conversation's lock, so a resend racing itself on another node sees the first.
  const stored = yield* storedByClientId(input.senderId, input.clientId, input.conversationId);
  if (stored) return { result: { message: stored, created: false }, changes: [] };
  requireCanSend(a);
  let replyTo: ReplyRef | null = null;
  if (input.replyToMessageId !== undefined) {
    const hidden = replied && (yield* get('SELECT 1 AS x FROM hidden_messages WHERE user_id = ? AND message_id = ?', [input.senderId, replied.id]));
    if (!canQuote(a, replied, Boolean(hidden))) throw new MagpieError('message.not_found', 'The message replied to is not in this conversation');
    replyTo = replyRefOf(replied);
  }
  const mentions = yield* resolveMentions(a, input.mentions, input.mentionsAll);
  const message = yield* append({
    id: newId(), conversationId: a.conversation.id, clientId: input.clientId, senderId: input.senderId, kind: input.kind,
    text: input.text, createdAt: input.now, ...mentions, attachment: input.attachment, card: input.card, system: null, replyTo, forwardedFrom: null,
  });
  // Everything read before the feed step: on PostgreSQL the feed lock is held from there to commit.
  const userIds = yield* messageAudience(message.conversationId, message.seq);
  const revs = yield* commitFeed([{ conversationId: message.conversationId, target: null, kind: 'message', messageId: message.id, seq: message.seq }]);
  const result = messageRev(revs, message);
  return { result: { message: result, created: true }, changes: [{ type: 'message.new', userIds, message: result }] };
}

/** Copies of one message into other conversations, all or none; a clientId already used returns its copy. */
export function* forward(userId: string, messageId: string, targets: ReadonlyArray<{ conversationId: string; clientId: string }>, now: number): Op<Written<{ messages: Message[] }>> {
  const { row } = yield* visibleMessage(messageId, userId);
  if (row.recalled_at !== null || row.kind === 'system') throw new MagpieError('message.not_editable', 'Recalled and system messages cannot be forwarded');
  const original = toMessage(row);
  const author = yield* get<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', [row.sender_id]);
  const forwardedFrom: ForwardRef = original.forwardedFrom ?? { senderId: row.sender_id, senderName: author?.display_name ?? '', createdAt: row.created_at };
  // Conversation locks in one order, so two forwards to overlapping targets cannot deadlock.
  const order = [...new Set(targets.map((t) => t.conversationId))].sort();
  const accesses = new Map<string, Access>();
  for (const conversationId of order) accesses.set(conversationId, yield* access(conversationId, userId, { lock: true }));
  const messages: Message[] = [];
  const created: Message[] = [];
  for (const target of targets) {
    const a = accesses.get(target.conversationId)!;
    const stored = yield* storedByClientId(userId, target.clientId, target.conversationId);
    if (stored) {
      messages.push(stored);
      continue;
    }
    requireCanSend(a);
    const copy = yield* append({
      id: newId(), conversationId: target.conversationId, clientId: target.clientId, senderId: userId, kind: original.kind,
      text: original.text, createdAt: now, mentions: [], mentionsAll: false, attachment: original.attachment, card: original.card,
      system: null, replyTo: null, forwardedFrom,
    });
    messages.push(copy);
    created.push(copy);
  }
  const audiences: string[][] = [];
  for (const m of created) audiences.push(yield* messageAudience(m.conversationId, m.seq));
  const revs = yield* commitFeed(created.map((m): FeedInsert => ({ conversationId: m.conversationId, target: null, kind: 'message', messageId: m.id, seq: m.seq })));
  const changes: Change[] = created.map((m, i) => ({ type: 'message.new', userIds: audiences[i]!, message: messageRev(revs, m) }));
  return { result: { messages: messages.map((m) => messageRev(revs, m)) }, changes };
}

function notEditable(message: string): MagpieError {
  return new MagpieError('message.not_editable', message);
}

export function* edit(userId: string, messageId: string, text: string, mentions: readonly string[], mentionsAll: boolean, now: number): Op<Written<{ message: Message }>> {
  const { row, access: a } = yield* visibleMessage(messageId, userId, true);
  if (row.sender_id !== userId) throw notEditable('Only the sender may edit a message');
  if (row.recalled_at !== null || row.kind === 'system' || row.kind === 'card' || row.forwarded_from !== null) {
    throw notEditable('This message cannot be edited');
  }
  requireCanSend(a);
  if (row.kind === 'text' && text.trim() === '') throw new MagpieError('message.empty', 'A message needs some text');
  const kept = yield* resolveMentions(a, mentions, mentionsAll);
  yield* run('UPDATE messages SET text = ?, mentions = ?, mentions_all = ?, edited_at = ? WHERE id = ?', [text, JSON.stringify(kept.mentions), kept.mentionsAll ? 1 : 0, now, row.id]);
  yield* indexText(row.id, row.conversation_id, text === '' ? null : text);
  return yield* finishUpdate(row);
}

/** Stamps the changed message (and `alsoChanged`, e.g. replies) in the feed and reads it back. */
function* finishUpdate(changed: MessageRow, alsoChanged: readonly MessageRow[] = []): Op<Written<{ message: Message }>> {
  const rows = [changed, ...alsoChanged];
  const ids = rows.map((r) => r.id);
  const current = yield* all<MessageRow>(`SELECT * FROM messages WHERE id IN ${inList(ids.length)}`, ids);
  const audiences = new Map<string, string[]>();
  for (const r of current) audiences.set(r.id, yield* messageAudience(r.conversation_id, r.seq));
  const revs = yield* commitFeed(rows.map((r): FeedInsert => ({ conversationId: r.conversation_id, target: null, kind: 'message', messageId: r.id, seq: r.seq })));
  const changes: Change[] = current.map((r) => ({ type: 'message.updated', userIds: audiences.get(r.id)!, message: messageRev(revs, toMessage(r)) }));
  const message = messageRev(revs, toMessage(current.find((r) => r.id === changed.id)!));
  return { result: { message }, changes };
}

/**
 * Whether the caller may recall: group owners and admins always; the sender within the window.
 * Pure, so the window can be tested with any clock.
 */
export function checkRecall(input: { isSender: boolean; privileged: boolean; isGroup: boolean; createdAt: number; now: number; windowMs: number }): void {
  if (input.privileged) return;
  if (!input.isSender) {
    if (input.isGroup) throw new MagpieError('conversation.role_required', 'Only the sender, the group owner and admins may recall this', { required: 'admin' });
    throw notEditable('Only the sender may recall this message');
  }
  if (input.now - input.createdAt > input.windowMs) {
    throw new MagpieError('message.recall_expired', 'It is too late to recall this message', { windowMs: input.windowMs });
  }
}

export function* recall(userId: string, messageId: string, now: number, windowMs: number): Op<Written<{ message: Message }>> {
  const { row, access: a } = yield* visibleMessage(messageId, userId, true);
  if (row.recalled_at !== null) return { result: { message: toMessage(row) }, changes: [] };
  if (row.kind === 'system') throw notEditable('System messages cannot be recalled');
  requireActive(a);
  const isGroup = a.conversation.kind === 'group';
  checkRecall({ isSender: row.sender_id === userId, privileged: isGroup && ROLE_RANK[a.me.role] >= ROLE_RANK.admin, isGroup, createdAt: row.created_at, now, windowMs });
  const ownReply = row.reply_to ? JSON.stringify({ ...(JSON.parse(row.reply_to) as ReplyRef), preview: '' }) : null;
  yield* run(
    `UPDATE messages SET text = '', mentions = '[]', mentions_all = 0, attachment = NULL, attachment_file_id = NULL, card = NULL,
       reactions = '[]', reply_to = ?, recalled_by = ?, recalled_at = ? WHERE id = ?`,
    [ownReply, userId, now, row.id],
  );
  yield* indexText(row.id, row.conversation_id, null);
  // Every reply quoting it loses its preview too (locked after the recalled message: see `send`).
  const replies: MessageRow[] = [];
  for (const reply of yield* all<MessageRow>('SELECT id FROM messages WHERE reply_to_id = ? AND recalled_at IS NULL', [row.id])) {
    const locked = yield* getLocked<MessageRow>('SELECT * FROM messages WHERE id = ?', [reply.id]);
    if (!locked?.reply_to) continue;
    yield* run('UPDATE messages SET reply_to = ? WHERE id = ?', [JSON.stringify({ ...(JSON.parse(locked.reply_to) as ReplyRef), preview: '' }), locked.id]);
    replies.push(locked);
  }
  return yield* finishUpdate(row, replies);
}

export function* react(userId: string, messageId: string, emoji: string, on: boolean): Op<Written<{ message: Message }>> {
  const { row, access: a } = yield* visibleMessage(messageId, userId, true);
  requireActive(a);
  if (row.recalled_at !== null || row.kind === 'system') throw notEditable('This message cannot take reactions');
  const reactions = JSON.parse(row.reactions) as Reaction[];
  const index = reactions.findIndex((r) => r.emoji === emoji);
  const current = index >= 0 ? reactions[index]! : null;
  const has = current?.userIds.includes(userId) ?? false;
  if (has === on) return { result: { message: toMessage(row) }, changes: [] };
  if (on) {
    if (current) current.userIds.push(userId);
    else if (reactions.length >= LIMITS.maxDistinctReactions) {
      throw new MagpieError('message.too_many_reactions', 'This message has as many different reactions as it can take', { max: LIMITS.maxDistinctReactions });
    } else reactions.push({ emoji, userIds: [userId] });
  } else if (current) {
    current.userIds = current.userIds.filter((id) => id !== userId);
    if (current.userIds.length === 0) reactions.splice(index, 1);
  }
  yield* run('UPDATE messages SET reactions = ? WHERE id = ?', [JSON.stringify(reactions), row.id]);
  return yield* finishUpdate(row);
}

/** Delete for me: idempotent; the caller's other devices learn it from the feed (targeted row). */
export function* hide(userId: string, messageId: string, now: number): Op<Written<Record<string, never>>> {
  const already = yield* get('SELECT 1 AS x FROM hidden_messages WHERE user_id = ? AND message_id = ?', [userId, messageId]);
  if (already) return { result: {}, changes: [] };
  const { row } = yield* visibleMessage(messageId, userId);
  const inserted = yield* run(
    'INSERT INTO hidden_messages (user_id, message_id, conversation_id, hidden_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, message_id) DO NOTHING',
    [userId, row.id, row.conversation_id, now],
  );
  if (inserted === 0) return { result: {}, changes: [] }; // the same hide from another device won
  yield* commitFeed([{ conversationId: row.conversation_id, target: userId, kind: 'hidden', messageId: row.id, seq: row.seq }]);
  return { result: {}, changes: [{ type: 'message.hidden', userIds: [userId], conversationId: row.conversation_id, messageId: row.id }] };
}
