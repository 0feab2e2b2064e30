import { MagpieError } from '../../../shared/errors';
import type { Message, ReplyRef } from '../../../shared/protocol';
import { indexTokens } from '../../../shared/search/tokenize';
import { newId } from '../ids';
import type { Written } from './changes';
import { canQuote, commitFeed, messageRev, requireCanSend, requireRole, type Access } from './messaging-access';
import { CONVERSATION_COLUMNS, MESSAGE_INSERT_COLUMNS, toMessage, type ConversationRow, type MemberRow, type MessageRow } from './rows';
import { getPrepared, type Op } from './sql-ops';
import type { SendInput } from './messaging-messages';

/**
 * `send` on PostgreSQL in five round trips (BEGIN, the conversation's lock, one statement for the
 * rest, the feed, COMMIT) instead of one per statement. The lock is a statement of its own: a
 * statement's snapshot is taken before it waits, so reads in the same statement could miss a
 * removal or a role change that committed while it waited.
 *
 * The one statement reads what the rules need (the sender's member row, a message already sent
 * with this clientId, which mentioned users are active members, whether the replied-to message is
 * hidden by the sender) and, unless the message was already sent, writes optimistically: the next
 * seq, the message, the sender's read marker, the search entry. The rules are then checked here
 * with the same functions as the generic path, in the same order; a refusal throws and the
 * transaction rolls back, so nothing of a refused send stays. It runs before the feed step, so the
 * feed lock is never held by a send that fails.
 */
const CONVERSATION_LOCK = `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`;

const SEND = `
  WITH me AS (SELECT * FROM members WHERE conversation_id = $1 AND user_id = $2),
  stored AS (SELECT * FROM messages WHERE sender_id = $2 AND client_id = $3),
  kept AS (
    SELECT COALESCE(jsonb_agg(w.id ORDER BY w.n), '[]'::jsonb) AS ids
    FROM unnest($4::text[]) WITH ORDINALITY AS w(id, n)
    JOIN members mb ON mb.conversation_id = $1 AND mb.user_id = w.id AND mb.state = 'active'
  ),
  bumped AS (
    UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM stored) RETURNING last_seq
  ),
  inserted AS (
    INSERT INTO messages (${MESSAGE_INSERT_COLUMNS})
    SELECT $5::text, $1, b.last_seq, $3, $2, $6::text, $7::text, $8::bigint, k.ids::text, $9::integer, $10::text, $11::text, $12::text,
      NULL, $13::text, $14::text, NULL
    FROM bumped b, kept k
    RETURNING *
  ),
  -- sending reads everything up to the sent message: own messages are never unread
  marked AS (
    UPDATE members SET read_seq = i.seq FROM inserted i
    WHERE members.conversation_id = $1 AND members.user_id = $2 AND members.read_seq < i.seq
  ),
  indexed AS (
    INSERT INTO message_search (message_id, conversation_id, tokens) SELECT i.id, i.conversation_id, $15::text[] FROM inserted i WHERE $15::text[] IS NOT NULL
  )
  SELECT (SELECT to_jsonb(me) FROM me) AS me,
    (SELECT to_jsonb(stored) FROM stored) AS stored,
    (SELECT to_jsonb(i) FROM inserted i) AS inserted,
    -- AUDIENCE_WHERE (messaging-access.ts) for the new seq
    (SELECT COALESCE(array_agg(a.user_id), '{}') FROM members a, inserted i
      WHERE a.conversation_id = $1 AND a.visible_from_seq < i.seq AND (a.state = 'active' OR a.until_seq >= i.seq)) AS audience,
    EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = $2 AND h.message_id = $14::text) AS reply_hidden`;

interface SendRow {
  me: MemberRow | null;
  stored: MessageRow | null;
  inserted: MessageRow | null;
  audience: string[];
  reply_hidden: boolean;
}

/**
 * `replied`: the replied-to message, already locked (before the conversation, see `send`), and
 * `replyTo` what the reply would show of it (written only if `canQuote` allows).
 */
export function* sendOnPostgres(input: SendInput, replied: MessageRow | undefined, replyTo: ReplyRef | null): Op<Written<{ message: Message; created: boolean }>> {
  const conversation = (yield { op: 'get', sql: CONVERSATION_LOCK, params: [input.conversationId], lock: true, prepared: true }) as ConversationRow | undefined;
  if (!conversation) throw new MagpieError('conversation.not_found', 'No such conversation');
  const text = input.text;
  const row = (yield* getPrepared<SendRow>(SEND, [
    conversation.id, input.senderId, input.clientId, [...new Set(input.mentions)], newId(), input.kind, text, input.now,
    input.mentionsAll && conversation.kind === 'group' ? 1 : 0,
    input.attachment ? JSON.stringify(input.attachment) : null, input.attachment?.id ?? null,
    input.card ? JSON.stringify(input.card) : null,
    replyTo ? JSON.stringify(replyTo) : null, input.replyToMessageId ?? null,
    text === '' ? null : indexTokens(text),
  ]))!;
  if (!row.me) throw new MagpieError('conversation.forbidden', 'You are not a member of this conversation');
  const a: Access = { conversation, me: row.me };
  if (row.stored) {
    if (row.stored.conversation_id !== conversation.id) {
      throw new MagpieError('validation.invalid', 'clientId was already used for a message in another conversation');
    }
    return { result: { message: toMessage(row.stored), created: false }, changes: [] };
  }
  requireCanSend(a);
  if (input.replyToMessageId !== undefined && !canQuote(a, replied, row.reply_hidden)) {
    throw new MagpieError('message.not_found', 'The message replied to is not in this conversation');
  }
  if (input.mentionsAll && conversation.kind === 'group') requireRole(a, 'admin');
  if (!row.inserted) throw new Error('send: the message was neither stored before nor inserted');
  const message = toMessage(row.inserted);
  const revs = yield* commitFeed([{ conversationId: message.conversationId, target: null, kind: 'message', messageId: message.id, seq: message.seq }]);
  const result = messageRev(revs, message);
  return { result: { message: result, created: true }, changes: [{ type: 'message.new', userIds: row.audience, message: result }] };
}
