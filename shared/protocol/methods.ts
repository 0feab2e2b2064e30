import { z } from 'zod';
import { LIMITS } from '../limits';
import {
  ClientIdSchema,
  ConversationSchema,
  DisplayNameSchema,
  IdSchema,
  MessageSchema,
  MessageTextSchema,
  PasswordSchema,
  SessionSchema,
  SyncCursorSchema,
  UserSchema,
  UsernameSchema,
} from './entities';

const PageSizeSchema = z.number().int().min(1).max(LIMITS.maxPageSize);

/**
 * Where a page of server search results stopped: the last message's place in the server's search
 * index (insertion order, so newest first). The next page starts strictly below it. Opaque to
 * the client beyond passing it back.
 */
export const ServerSearchCursorSchema = z.object({ position: z.number().int().positive() });
export type ServerSearchCursor = z.infer<typeof ServerSearchCursorSchema>;

/** A matched stretch of a message's text: UTF-16 offsets (JS string indices), end exclusive. */
const HighlightSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });

/**
 * Every request the client may make: its params and its result. The server validates params with
 * these schemas before any handler runs; the client validates results before trusting them.
 */
export const METHODS = {
  'auth.signUp': {
    params: z.object({ username: UsernameSchema, password: PasswordSchema, displayName: DisplayNameSchema }),
    result: z.object({ session: SessionSchema }),
  },
  'auth.signIn': {
    params: z.object({ username: z.string().min(1).max(LIMITS.maxUsernameChars), password: z.string().min(1).max(LIMITS.maxPasswordChars) }),
    result: z.object({ session: SessionSchema }),
  },
  /** Binds this socket to an existing session (after a reconnect or an app restart). */
  'auth.resume': {
    params: z.object({ token: z.string().min(1).max(200) }),
    result: z.object({ user: UserSchema }),
  },
  'auth.signOut': {
    params: z.object({}),
    result: z.object({}),
  },
  'users.search': {
    params: z.object({ query: z.string().max(64), limit: z.number().int().min(1).max(50).default(20) }),
    result: z.object({ users: z.array(UserSchema) }),
  },
  'conversations.list': {
    params: z.object({}),
    result: z.object({ conversations: z.array(ConversationSchema) }),
  },
  'conversations.openDirect': {
    params: z.object({ userId: IdSchema }),
    result: z.object({ conversation: ConversationSchema }),
  },
  /**
   * Moves the caller's read marker forward to `seq` (clamped to the conversation's lastSeq; a
   * lower seq than the stored marker changes nothing). Members only.
   */
  'conversations.markRead': {
    params: z.object({ conversationId: IdSchema, seq: z.number().int().nonnegative() }),
    result: z.object({ readSeq: z.number().int().nonnegative(), unreadCount: z.number().int().nonnegative() }),
  },
  'messages.send': {
    params: z.object({ conversationId: IdSchema, clientId: ClientIdSchema, text: MessageTextSchema }),
    result: z.object({ message: MessageSchema }),
  },
  /** Older history, newest first from `beforeSeq` (message roaming). */
  'messages.history': {
    params: z.object({ conversationId: IdSchema, beforeSeq: z.number().int().positive().optional(), limit: PageSizeSchema }),
    result: z.object({ messages: z.array(MessageSchema), hasMore: z.boolean() }),
  },
  /**
   * One page of everything the client is missing, oldest first, across all of the caller's
   * conversations. The client sends the cursors it holds; conversations it does not name start at 0.
   */
  'sync.catchUp': {
    params: z.object({ cursors: z.array(SyncCursorSchema).max(10_000), limit: PageSizeSchema }),
    result: z.object({
      conversations: z.array(ConversationSchema),
      messages: z.array(MessageSchema),
      hasMore: z.boolean(),
    }),
  },
  /**
   * Full-text search over the caller's conversations (or one of them: not a member →
   * `conversation.forbidden`), newest first. Same rules as the local cache's search
   * (shared/search): every term must match; a CJK run is a phrase; the last word, when 3+ letters
   * and not followed by a space, also matches as a prefix; case, width and Latin diacritics are
   * folded. `nextBefore` is null when there is nothing further; a page may hold fewer than
   * `limit` results and still have a `nextBefore` (the server bounds the work per request).
   */
  'messages.search': {
    params: z.object({
      query: z.string().min(1).max(200),
      conversationId: IdSchema.optional(),
      limit: z.number().int().min(1).max(50),
      before: ServerSearchCursorSchema.optional(),
    }),
    result: z.object({
      results: z.array(z.object({ message: MessageSchema, highlights: z.array(HighlightSchema) })),
      nextBefore: ServerSearchCursorSchema.nullable(),
    }),
  },
  'system.ping': {
    params: z.object({}),
    result: z.object({ serverTime: z.number() }),
  },
} as const;

export type MethodName = keyof typeof METHODS;
export const METHOD_NAMES = Object.keys(METHODS) as [MethodName, ...MethodName[]];
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof METHODS)[M]['result']>;

/** Methods a socket may call before it is bound to a session. */
export const UNAUTHENTICATED_METHODS: ReadonlySet<MethodName> = new Set([
  'auth.signUp',
  'auth.signIn',
  'auth.resume',
  'system.ping',
]);
