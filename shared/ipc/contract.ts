import { z } from 'zod';
import { ErrorShapeSchema, type ErrorShape } from '../errors';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, type EventChannel, type InvokeChannel } from './channels';
import { LIMITS } from '../limits';
import { SEARCH_LIMITS, SearchCursorSchema, TextRangeSchema } from '../cache/contract';
import {
  ClientIdSchema,
  ConversationSchema,
  DisplayNameSchema,
  IdSchema,
  MessageTextSchema,
  PasswordSchema,
  UserSchema,
  UsernameSchema,
} from '../protocol/entities';

/**
 * What crosses the bridge between the renderer and main: the one declaration of every channel.
 * Electron's preload and the browser shell expose exactly this; main validates every request.
 */

export const ConnectionStateSchema = z.object({
  status: z.enum(['signed-out', 'connecting', 'online', 'offline', 'retrying']),
  /** When status is `retrying`: the epoch ms of the next attempt, so the UI can count down. */
  retryAt: z.number().optional(),
  lastError: ErrorShapeSchema.optional(),
});
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const SessionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed-out'), serverUrl: z.string() }),
  z.object({ state: z.literal('signed-in'), serverUrl: z.string(), user: UserSchema }),
]);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** A message as the UI shows it: sent ones have a `seq`; ones still in the outbox do not. */
export const TimelineMessageSchema = z.object({
  clientId: ClientIdSchema,
  conversationId: IdSchema,
  seq: z.number().int().positive().nullable(),
  senderId: IdSchema,
  text: MessageTextSchema,
  createdAt: z.number(),
  status: z.enum(['sending', 'sent', 'failed']),
  error: ErrorShapeSchema.optional(),
});
export type TimelineMessage = z.infer<typeof TimelineMessageSchema>;

/**
 * A conversation as the list shows it. From ConversationSchema it has the read state as this
 * device knows it: `readSeq` (ours), `unreadCount` (messages after it from others) and
 * `peerReadSeq` (the other member's marker, for receipts).
 */
export const ConversationSummarySchema = ConversationSchema.extend({
  lastMessage: TimelineMessageSchema.nullable(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

/** One local search hit: the message as the timeline shows it and the ranges of its text to highlight. */
export const SearchHitSchema = z.object({
  message: TimelineMessageSchema,
  conversationId: IdSchema,
  /** UTF-16 offsets into `message.text`, sorted, not overlapping, end exclusive. */
  highlights: z.array(TextRangeSchema),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

const ServerUrlSchema = z
  .string()
  .url()
  .refine((url) => /^(https?|wss?):\/\//.test(url), 'server address must be http(s) or ws(s)');

export const INVOKE_CHANNELS = {
  'app.info': {
    request: z.object({}),
    response: z.object({ version: z.string(), shell: z.enum(['electron', 'browser']), platform: z.string() }),
  },
  'session.get': { request: z.object({}), response: SessionStateSchema },
  'session.signIn': {
    request: z.object({
      serverUrl: ServerUrlSchema.optional(),
      username: z.string().trim().toLowerCase().pipe(z.string().min(1).max(LIMITS.maxUsernameChars)),
      password: z.string().min(1).max(LIMITS.maxPasswordChars),
    }),
    response: SessionStateSchema,
  },
  'session.signUp': {
    request: z.object({
      serverUrl: ServerUrlSchema.optional(),
      username: z.string().trim().toLowerCase().pipe(UsernameSchema),
      password: PasswordSchema,
      displayName: DisplayNameSchema,
    }),
    response: SessionStateSchema,
  },
  'session.signOut': { request: z.object({ wipeCache: z.boolean().default(false) }), response: SessionStateSchema },
  'connection.get': { request: z.object({}), response: ConnectionStateSchema },
  /** Ask for a reconnect now instead of waiting for the backoff timer. */
  'connection.retryNow': { request: z.object({}), response: ConnectionStateSchema },
  'users.search': {
    request: z.object({ query: z.string().max(64) }),
    response: z.object({ users: z.array(UserSchema) }),
  },
  'conversations.list': {
    request: z.object({}),
    response: z.object({ conversations: z.array(ConversationSummarySchema) }),
  },
  'conversations.openDirect': {
    request: z.object({ userId: IdSchema }),
    response: z.object({ conversation: ConversationSchema }),
  },
  /** Marks the conversation read up to `seq` (the newest message the user has seen). */
  'conversations.markRead': {
    request: z.object({ conversationId: IdSchema, seq: z.number().int().nonnegative() }),
    response: z.object({}),
  },
  'messages.list': {
    request: z.object({
      conversationId: IdSchema,
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(LIMITS.maxPageSize).default(50),
    }),
    response: z.object({ messages: z.array(TimelineMessageSchema), hasMore: z.boolean() }),
  },
  'messages.send': {
    request: z.object({
      conversationId: IdSchema,
      text: MessageTextSchema.refine((text) => text.trim().length > 0, 'message is empty'),
    }),
    response: z.object({ message: TimelineMessageSchema }),
  },
  'outbox.retry': { request: z.object({ clientId: ClientIdSchema }), response: z.object({}) },
  'outbox.discard': { request: z.object({ clientId: ClientIdSchema }), response: z.object({}) },
  /**
   * Full-text search of the local cache (works offline), newest first; every word must match.
   * For the next page pass the response's `nextBefore` as `before`; null means no more.
   */
  'search.local': {
    request: z.object({
      query: z.string().trim().min(1).max(SEARCH_LIMITS.maxQueryChars),
      conversationId: IdSchema.optional(),
      limit: z.number().int().min(1).max(SEARCH_LIMITS.maxResults).default(20),
      before: SearchCursorSchema.optional(),
    }),
    response: z.object({ results: z.array(SearchHitSchema), nextBefore: SearchCursorSchema.nullable() }),
  },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export const EVENT_CHANNELS = {
  'connection.changed': ConnectionStateSchema,
  'session.changed': SessionStateSchema,
  'conversations.changed': z.object({}),
  'messages.changed': z.object({ conversationId: IdSchema }),
} as const satisfies Record<EventChannel, z.ZodType>;

// A schema keyed by a name channels.ts does not list fails here.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const invokeNamesMatch: Exactly<keyof typeof INVOKE_CHANNELS, InvokeChannel> = true;
const eventNamesMatch: Exactly<keyof typeof EVENT_CHANNELS, EventChannel> = true;
void invokeNamesMatch;
void eventNamesMatch;

export { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES };
export type { EventChannel, InvokeChannel };
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE_CHANNELS)[C]['request']>;
export type ParsedInvokeRequest<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof EVENT_CHANNELS)[E]>;


/** Replies cross the bridge as values, never as thrown errors, so the error code survives. */
export type InvokeEnvelope = { ok: true; value: unknown } | { ok: false; error: ErrorShape };
export const InvokeEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorShapeSchema }),
]);
const envelopeMatches: Exactly<z.infer<typeof InvokeEnvelopeSchema>, InvokeEnvelope> = true;
void envelopeMatches;

/**
 * Exactly what `window.magpie` is, in Electron (contextBridge) and in the browser shell alike.
 * The renderer wraps it with the typed client in renderer/bridge.
 */
export interface MagpieBridge {
  readonly shell: 'electron' | 'browser';
  invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope>;
  /** Returns the function that unsubscribes. */
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}
