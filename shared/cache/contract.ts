import { z } from 'zod';
import { ErrorShapeSchema } from '../errors';
import { LIMITS } from '../limits';
import {
  ClientIdSchema,
  ConversationSchema,
  FeedPositionSchema,
  IdSchema,
  MessageKindSchema,
  MessageSchema,
  MessageTextSchema,
  ReplyRefSchema,
  SyncCursorSchema,
  UserSchema,
} from '../protocol/entities';
import { TRANSFER_CACHE_METHODS } from './transfers';

/**
 * What main says to its cache host (the hidden window that owns Dexie/IndexedDB), over a
 * MessagePort in Electron and over the shell's local WebSocket in the browser shell.
 * Main is the only writer; the host validates every call with these schemas.
 */

export const OutboxItemSchema = z.object({
  clientId: ClientIdSchema,
  conversationId: IdSchema,
  senderId: IdSchema,
  /** `text` until an upload step (transfers) says which attachment kind the file is. */
  kind: MessageKindSchema.default('text'),
  text: MessageTextSchema,
  mentions: z.array(IdSchema).max(LIMITS.maxMentions).default([]),
  mentionsAll: z.boolean().default(false),
  replyToMessageId: IdSchema.optional(),
  /** What the timeline shows of the replied-to message while this one is unsent (resolved at send). */
  replyTo: ReplyRefSchema.nullable().default(null),
  /** A staged file to upload before sending (transfers.stage), and the upload doing it once started. */
  stagingId: IdSchema.optional(),
  transferId: IdSchema.optional(),
  /** Set by the upload step: the server's file and, for audio/video, its length. */
  fileId: IdSchema.optional(),
  durationMs: z.number().int().nonnegative().optional(),
  createdAt: z.number(),
  /** Order of sending: outbox items leave in the order they were written. */
  order: z.number(),
  attempts: z.number().int().nonnegative(),
  status: z.enum(['pending', 'failed']),
  error: ErrorShapeSchema.optional(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

const Page = z.number().int().min(1).max(LIMITS.maxPageSize);

const HiddenRefSchema = z.object({ conversationId: IdSchema, messageId: IdSchema });

/**
 * `heldFrom` of a conversation: the cache holds every message from this seq up to the newest
 * (hidden ones removed, as they should be). Below it, history is on the server (message roaming).
 * It only moves down, except when the message cache is wiped.
 */
export const HeldFromSchema = z.object({ conversationId: IdSchema, from: z.number().int().positive() });
export type HeldFrom = z.infer<typeof HeldFromSchema>;

/** A conversation row as the cache reports it: the record, its newest message, its unread mentions. */
const CachedConversationSchema = z.object({
  conversation: ConversationSchema,
  lastMessage: MessageSchema.nullable(),
  /** Cached messages after `readSeq` that mention the account (or @all) and are not its own. */
  unreadMentions: z.number().int().nonnegative(),
});

/** Bounds of local search, shared by the cache RPC and the bridge. */
export const SEARCH_LIMITS = { maxQueryChars: 200, maxResults: 100 } as const;

/**
 * Where a page of search results stopped: results come newest first (by `createdAt`, then
 * conversation and `seq`), and the next page starts strictly after this position.
 */
export const SearchCursorSchema = z.object({
  createdAt: z.number().int().nonnegative(),
  conversationId: IdSchema,
  seq: z.number().int().positive(),
});
export type SearchCursor = z.infer<typeof SearchCursorSchema>;

/** A matched stretch of a message's text: UTF-16 offsets (JS string indices), end exclusive. */
export const TextRangeSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type TextRange = z.infer<typeof TextRangeSchema>;

export const CACHE_METHODS = {
  /**
   * Opens (creating if needed) the cache database of one account. Other calls need it first.
   * `rebuilt`: the database was damaged or inconsistent and was rebuilt (outbox and pending read
   * markers kept, messages and the feed cursor gone), so the core bootstraps from the server.
   */
  'cache.open': {
    params: z.object({ accountId: IdSchema }),
    result: z.object({ rebuilt: z.boolean().default(false), reason: z.string().max(500).optional() }),
  },
  /**
   * A read returned a row that fails validation: the `sync.resetMessages` reset, plus dropping
   * conversation, outbox and read-marker rows that fail validation (they could never be read).
   */
  'cache.repair': { params: z.object({}), result: z.object({ dropped: z.number().int().nonnegative() }) },
  /** Deletes an account's whole cache (sign-out with "remove local data"). */
  'cache.wipe': { params: z.object({ accountId: IdSchema }), result: z.object({}) },
  'conversations.put': { params: z.object({ conversations: z.array(ConversationSchema).max(10_000) }), result: z.object({}) },
  'conversations.list': {
    params: z.object({}),
    result: z.object({ conversations: z.array(CachedConversationSchema) }),
  },
  'conversations.get': {
    params: z.object({ conversationId: IdSchema }),
    result: z.object({ conversation: CachedConversationSchema.nullable() }),
  },
  /**
   * A user's changed profile (`user.updated`, or our own profile change): copied into the member
   * entry of every cached conversation that has them (role and mute kept). Returns those
   * conversations' ids; conversations where nothing changed are not written.
   */
  'conversations.applyUser': { params: z.object({ user: UserSchema }), result: z.object({ conversationIds: z.array(IdSchema) }) },
  /** Upserts messages (a row never goes back to an older `rev`); shorthand for `sync.apply`. */
  'messages.put': { params: z.object({ messages: z.array(MessageSchema).max(5_000) }), result: z.object({}) },
  /**
   * A page of a conversation ending before `beforeSeq` (or at the newest), in ascending seq, from
   * what the cache holds contiguously (seq >= heldFrom) and the account may see
   * (seq > visibleFromSeq). `hasMore`: the cache holds more below. `heldFrom` null: nothing is
   * known to be held contiguously (the rows returned are whatever is cached).
   */
  'messages.page': {
    params: z.object({ conversationId: IdSchema, beforeSeq: z.number().int().positive().optional(), limit: Page }),
    result: z.object({
      messages: z.array(MessageSchema),
      hasMore: z.boolean(),
      heldFrom: z.number().int().positive().nullable(),
      visibleFromSeq: z.number().int().nonnegative(),
    }),
  },
  /** One cached message by id (for reply previews), or null. */
  'messages.get': { params: z.object({ messageId: IdSchema }), result: z.object({ message: MessageSchema.nullable() }) },
  /**
   * One atomic write of what the server said: conversations merged, messages upserted by `rev`,
   * hidden messages removed (and never stored again), `heldFrom` lowered, the feed cursor moved
   * forward. Reports conversations whose newest cached seq a new message did not follow
   * contiguously (`gaps`) and messages of conversations the cache has no record of (`unknown`).
   */
  'sync.apply': {
    params: z.object({
      conversations: z.array(ConversationSchema).max(10_000).default([]),
      messages: z.array(MessageSchema).max(5_000).default([]),
      hidden: z.array(HiddenRefSchema).max(5_000).default([]),
      held: z.array(HeldFromSchema).max(10_000).default([]),
      feedCursor: FeedPositionSchema.optional(),
      /**
       * The change comes from the feed after the account's bootstrap (catch-up, live events,
       * replies to our operations): a conversation the cache has never seen was created (or
       * joined) after it, so when every message it lets the account see arrives through the feed
       * (a direct conversation; a group joined without its history) it is held from the start.
       */
      fromFeed: z.boolean().default(false),
    }),
    result: z.object({ gaps: z.array(IdSchema), unknown: z.array(IdSchema) }),
  },
  /** The account's place in the change feed; null before its first complete bootstrap. */
  'sync.state': { params: z.object({}), result: z.object({ feedCursor: FeedPositionSchema.nullable() }) },
  /**
   * `sync.cursor_expired`: forgets cached messages, held ranges, hidden ids and the feed cursor.
   * Keeps conversations (their read markers), the outbox and pending read markers.
   */
  'sync.resetMessages': { params: z.object({}), result: z.object({}) },
  /**
   * Local full-text search, newest first. Every query term must match (AND); `highlights` are
   * the matched ranges of `message.text`. `nextBefore` is null when nothing older can match,
   * else pass it as `before` for the next page (a page may be short when the scan budget ran out).
   */
  'messages.search': {
    params: z.object({
      query: z.string().min(1).max(SEARCH_LIMITS.maxQueryChars),
      conversationId: IdSchema.optional(),
      limit: z.number().int().min(1).max(SEARCH_LIMITS.maxResults),
      before: SearchCursorSchema.optional(),
    }),
    result: z.object({
      results: z.array(z.object({ message: MessageSchema, highlights: z.array(TextRangeSchema) })),
      nextBefore: SearchCursorSchema.nullable(),
    }),
  },
  /**
   * Moves read markers of a cached conversation forward (never back; `readSeq` is clamped to the
   * newest seq the cache knows of) and recomputes its unread count. `pending` also records
   * `readSeq` as a marker still to be sent to the server (only the highest per conversation).
   */
  'readState.apply': {
    params: z.object({
      conversationId: IdSchema,
      readSeq: z.number().int().nonnegative().optional(),
      peerReadSeq: z.number().int().nonnegative().optional(),
      pending: z.boolean().default(false),
    }),
    result: z.object({ changed: z.boolean() }),
  },
  /** Read markers not yet accepted by the server. */
  'readState.pending': { params: z.object({}), result: z.object({ markers: z.array(SyncCursorSchema) }) },
  /** The server took the marker: forget it unless a higher one was recorded meanwhile. */
  'readState.sent': { params: SyncCursorSchema, result: z.object({}) },
  'outbox.add': { params: z.object({ item: OutboxItemSchema }), result: z.object({}) },
  'outbox.list': { params: z.object({}), result: z.object({ items: z.array(OutboxItemSchema) }) },
  'outbox.put': { params: z.object({ item: OutboxItemSchema }), result: z.object({}) },
  'outbox.remove': { params: z.object({ clientId: ClientIdSchema }), result: z.object({}) },
  ...TRANSFER_CACHE_METHODS,
} as const;

export type CacheMethod = keyof typeof CACHE_METHODS;
export const CACHE_METHOD_NAMES = Object.keys(CACHE_METHODS) as [CacheMethod, ...CacheMethod[]];
export type CacheParams<M extends CacheMethod> = z.input<(typeof CACHE_METHODS)[M]['params']>;
/** Params as the store sees them: validated, defaults filled in. */
export type CacheParsedParams<M extends CacheMethod> = z.output<(typeof CACHE_METHODS)[M]['params']>;
export type CacheResult<M extends CacheMethod> = z.output<(typeof CACHE_METHODS)[M]['result']>;

/** The typed surface both the RPC client (in main) and the Dexie store (in the host) implement. */
export type CacheApi = { [M in CacheMethod]: (params: CacheParams<M>) => Promise<CacheResult<M>> };

export const CacheRequestSchema = z.object({
  type: z.literal('cache.request'),
  id: z.number().int(),
  method: z.enum(CACHE_METHOD_NAMES),
  params: z.unknown(),
});
export type CacheRequest = z.infer<typeof CacheRequestSchema>;

export const CacheReplySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('cache.reply'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('cache.reply'), id: z.number().int(), ok: z.literal(false), error: ErrorShapeSchema }),
]);
export type CacheReply = z.infer<typeof CacheReplySchema>;

/** The host says this once when it is ready, so main knows it can start sending. */
export const CacheHelloSchema = z.object({ type: z.literal('cache.ready') });
