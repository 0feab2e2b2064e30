import { MagpieError } from '../../../shared/errors';
import type { Conversation, Message, User } from '../../../shared/protocol';
import { access, messageAudience, viewsFor, type Access } from './messaging-access';
import { feedFloor } from './messaging-feed';
import { toMessage, toUser, USER_COLUMNS, visibleUntil, type MessageRow, type UserRow } from './rows';
import { all, dialect, get, inList, type Op } from './sql-ops';

/** Reads of the messaging model, each in one snapshot (see OpRunner.read). */

export function* listConversations(userId: string): Op<Conversation[]> {
  const ids = yield* all<{ conversation_id: string }>(
    'SELECT m.conversation_id FROM members m JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = ? ORDER BY c.created_at, c.id', [userId],
  );
  return yield* viewsFor(userId, ids.map((r) => r.conversation_id));
}

/** The caller's view of one conversation (any state); not_found / forbidden otherwise. */
export function* conversationFor(userId: string, conversationId: string): Op<Conversation> {
  yield* access(conversationId, userId);
  const [view] = yield* viewsFor(userId, [conversationId]);
  return view!;
}

const NOT_HIDDEN = 'NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ? AND h.message_id = m.id)';

/** Messages the member may see with seq < beforeSeq, newest first, at most `limit` (+1 to tell hasMore). */
function* visiblePage(a: Access, beforeSeq: number, limit: number): Op<MessageRow[]> {
  const upper = Math.min(beforeSeq, visibleUntil(a.conversation, a.me) + 1);
  return yield* all<MessageRow>(
    `SELECT * FROM messages m WHERE m.conversation_id = ? AND m.seq < ? AND m.seq > ? AND ${NOT_HIDDEN} ORDER BY m.seq DESC LIMIT ?`,
    [a.conversation.id, upper, a.me.visible_from_seq, a.me.user_id, limit],
  );
}

export function* history(userId: string, conversationId: string, beforeSeq: number | undefined, limit: number): Op<{ messages: Message[]; hasMore: boolean }> {
  const a = yield* access(conversationId, userId);
  const rows = yield* visiblePage(a, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1);
  return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore: rows.length > limit };
}

export function* findMessage(messageId: string): Op<Message | null> {
  const row = yield* get<MessageRow>('SELECT * FROM messages WHERE id = ?', [messageId]);
  return row ? toMessage(row) : null;
}

export function* usersById(ids: readonly string[]): Op<User[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = yield* all<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id IN ${inList(unique.length)}`, unique);
  return rows.map(toUser);
}

/**
 * The feed's head: every position at or below it is committed. Safe as a plain MAX because
 * positions become visible in order (server/README.md, "The change feed"): a snapshot that sees a
 * position sees every smaller one that will ever commit.
 */
export function* feedHead(): Op<number> {
  const row = yield* get<{ pos: number | null }>('SELECT MAX(pos) AS pos FROM feed');
  return Number(row?.pos ?? 0);
}

export interface BootstrapPage {
  head: number;
  /** In id order, each with its newest visible messages (ascending seq). */
  conversations: Array<{ conversation: Conversation; messages: Message[] }>;
  next: string | null;
}

export const BOOTSTRAP_PAGE = 100;

export function* bootstrap(userId: string, afterId: string | undefined, recent: number): Op<BootstrapPage> {
  const head = yield* feedHead();
  const ids = (yield* all<{ conversation_id: string }>(
    'SELECT conversation_id FROM members WHERE user_id = ? AND conversation_id > ? ORDER BY conversation_id LIMIT ?',
    [userId, afterId ?? '', BOOTSTRAP_PAGE + 1],
  )).map((r) => r.conversation_id);
  const pageIds = ids.slice(0, BOOTSTRAP_PAGE);
  const views = yield* viewsFor(userId, pageIds);
  const conversations: BootstrapPage['conversations'] = [];
  for (const conversation of views) {
    let messages: Message[] = [];
    if (recent > 0) {
      const a = yield* access(conversation.id, userId);
      messages = (yield* visiblePage(a, Number.MAX_SAFE_INTEGER, recent)).reverse().map(toMessage);
    }
    conversations.push({ conversation, messages });
  }
  return { head, conversations, next: ids.length > BOOTSTRAP_PAGE ? pageIds[pageIds.length - 1]! : null };
}

interface FeedRow { pos: number; conversation_id: string; target_user_id: string | null; kind: 'message' | 'conversation' | 'hidden'; message_id: string | null }

/** One scanned feed row, resolved: what it brings the caller (nothing, when it is not theirs to see). */
export interface CatchUpEntry {
  pos: number;
  conversationId: string;
  message?: Message;
  hidden?: { conversationId: string; messageId: string };
}

export interface CatchUpScan {
  entries: CatchUpEntry[];
  /** The caller's view of every conversation an entry names. */
  conversations: Map<string, Conversation>;
  cursor: number;
  hasMore: boolean;
}

/**
 * PostgreSQL plan: one index range per conversation of the caller (`feed_by_conversation`, partial
 * on untargeted rows) through LATERAL, each at most `limit` rows, plus the caller's targeted rows
 * (`feed_by_target`), merged by position. The work is bounded by the caller's conversations and
 * the page size, not by how busy the rest of the workspace was while they were away. A member who
 * left still takes changes to messages they hold (seq <= until_seq), and nothing else untargeted.
 */
const FEED_PAGE_PG = `
  SELECT f.pos, f.conversation_id, f.target_user_id, f.kind, f.message_id FROM (
    SELECT x.* FROM members m CROSS JOIN LATERAL (
      SELECT * FROM feed f WHERE f.conversation_id = m.conversation_id AND f.target_user_id IS NULL AND f.pos > ?
        AND (m.state = 'active' OR (f.kind = 'message' AND f.seq <= m.until_seq))
      ORDER BY f.pos LIMIT ?
    ) x WHERE m.user_id = ?
    UNION ALL
    (SELECT * FROM feed WHERE target_user_id = ? AND pos > ? ORDER BY pos LIMIT ?)
  ) f ORDER BY f.pos LIMIT ?`;

function* feedRows(userId: string, after: number, take: number): Op<FeedRow[]> {
  if ((yield* dialect()) === 'postgres') return yield* all<FeedRow>(FEED_PAGE_PG, [after, take, userId, userId, after, take, take]);
  // SQLite: the same plan, one indexed range per conversation (each a few microseconds in process).
  const memberships = yield* all<{ conversation_id: string; state: string; until_seq: number | null }>(
    'SELECT conversation_id, state, until_seq FROM members WHERE user_id = ?', [userId],
  );
  const rows = yield* all<FeedRow>('SELECT * FROM feed WHERE target_user_id = ? AND pos > ? ORDER BY pos LIMIT ?', [userId, after, take]);
  for (const m of memberships) {
    rows.push(...(yield* all<FeedRow>(
      `SELECT * FROM feed WHERE conversation_id = ? AND target_user_id IS NULL AND pos > ?
         AND (? = 'active' OR (kind = 'message' AND seq <= ?)) ORDER BY pos LIMIT ?`,
      [m.conversation_id, after, m.state, m.until_seq ?? 0, take],
    )));
  }
  return rows.sort((x, y) => x.pos - y.pos).slice(0, take);
}

export function* catchUp(userId: string, after: number, limit: number): Op<CatchUpScan> {
  const head = yield* feedHead();
  if (after > head) throw new MagpieError('sync.cursor_expired', 'This cursor is not from this server’s feed; start over with sync.bootstrap');
  // Read in the same snapshot as the rows: a prune committing meanwhile is not seen by either.
  if (after < (yield* feedFloor())) {
    throw new MagpieError('sync.cursor_expired', 'The server no longer keeps changes this old; start over with sync.bootstrap');
  }
  const rows = yield* feedRows(userId, after, limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const conversationIds = [...new Set(page.map((r) => r.conversation_id))];
  const views = yield* viewsFor(userId, conversationIds);
  const conversations = new Map(views.map((c) => [c.id, c]));
  const messageIds = [...new Set(page.filter((r) => r.kind === 'message').map((r) => r.message_id!))];
  const messages = new Map<string, MessageRow>();
  const hidden = new Set<string>();
  for (let i = 0; i < messageIds.length; i += 200) {
    const ids = messageIds.slice(i, i + 200);
    for (const row of yield* all<MessageRow>(`SELECT * FROM messages WHERE id IN ${inList(ids.length)}`, ids)) messages.set(row.id, row);
    const hiddenRows = yield* all<{ message_id: string }>(`SELECT message_id FROM hidden_messages WHERE user_id = ? AND message_id IN ${inList(ids.length)}`, [userId, ...ids]);
    for (const h of hiddenRows) hidden.add(h.message_id);
  }
  const entries: CatchUpEntry[] = page.map((row) => {
    const entry: CatchUpEntry = { pos: row.pos, conversationId: row.conversation_id };
    const view = conversations.get(row.conversation_id);
    if (row.kind === 'hidden') entry.hidden = { conversationId: row.conversation_id, messageId: row.message_id! };
    if (row.kind !== 'message' || !view) return entry;
    const message = messages.get(row.message_id!);
    if (!message || message.seq <= view.visibleFromSeq || message.seq > view.lastSeq) return entry;
    if (hidden.has(message.id)) entry.hidden = { conversationId: row.conversation_id, messageId: message.id };
    else entry.message = toMessage(message);
    return entry;
  });
  // Not a full page: everything up to the head was scanned, so the caller may jump to it.
  return { entries, conversations, cursor: hasMore ? page[page.length - 1]!.pos : head, hasMore };
}

/** Who hears about a conversation's message: used when a live event arrives by reference. */
export function* conversationAudience(conversationId: string, seq: number): Op<string[]> {
  return yield* messageAudience(conversationId, seq);
}

/** Users who share an active conversation with `userId` (presence is told to them, and asked of them). */
export function* sharingWith(userId: string, others?: readonly string[]): Op<string[]> {
  const filter = others ? ` AND b.user_id IN ${inList(others.length)}` : '';
  const rows = yield* all<{ user_id: string }>(
    `SELECT DISTINCT b.user_id FROM members a JOIN members b ON b.conversation_id = a.conversation_id
     WHERE a.user_id = ? AND a.state = 'active' AND b.state = 'active' AND b.user_id <> a.user_id${filter}`,
    [userId, ...(others ?? [])],
  );
  return rows.map((r) => r.user_id);
}

