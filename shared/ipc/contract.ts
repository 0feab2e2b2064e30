import { z } from 'zod';
import { ErrorShapeSchema, type ErrorShape } from '../errors';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, type EventChannel, type InvokeChannel } from './channels';
import { LIMITS } from '../limits';
import { SEARCH_LIMITS, SearchCursorSchema, TextRangeSchema } from '../cache/contract';
import { TransferSchema } from '../cache/transfers';
import {
  ClientIdSchema,
  ContentTypeSchema,
  ConversationSchema,
  DeviceSessionSchema,
  DisplayNameSchema,
  IdSchema,
  MessageSchema,
  MessageTextSchema,
  PasswordSchema,
  PresenceSchema,
  UserSchema,
  UsernameSchema,
} from '../protocol/entities';
import { AuditEntrySchema, METHODS, WorkspaceSettingsSchema } from '../protocol/methods';

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

/**
 * A message as the UI shows it: every field of the server's Message, where sent ones have an
 * `id` and a `seq` and ones still in the outbox have neither.
 */
export const TimelineMessageSchema = MessageSchema.extend({
  id: IdSchema.nullable(),
  seq: z.number().int().positive().nullable(),
  createdAt: z.number(),
  status: z.enum(['sending', 'sent', 'failed']),
  error: ErrorShapeSchema.optional(),
  /** An outbox item whose file is still uploading: that upload (progress is in transfers). */
  transferId: IdSchema.nullable().default(null),
});
export type TimelineMessage = z.infer<typeof TimelineMessageSchema>;

export { TransferSchema, type Transfer } from '../cache/transfers';

/** Settings of this app on this computer (not synced). */
export const AppSettingsSchema = z.object({
  notifications: z.object({
    enabled: z.boolean(),
    sound: z.boolean(),
    /** `mentions`: only messages that mention the user (or @all) and direct messages. */
    mode: z.enum(['all', 'mentions']),
    /** Do not disturb until this epoch ms (null: off). */
    dndUntil: z.number().int().nonnegative().nullable(),
  }),
  startAtLogin: z.boolean(),
  /** Closing the window keeps Magpie running in the tray. */
  closeToTray: z.boolean(),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;
export const DEFAULT_APP_SETTINGS: AppSettings = {
  notifications: { enabled: true, sound: true, mode: 'all', dndUntil: null },
  startAtLogin: false,
  closeToTray: true,
};

/** Largest piece of a file one `transfers.stage` call carries (before base64). */
export const STAGE_CHUNK_BYTES = 512 * 1024;

const groupResponse = z.object({ conversation: ConversationSchema });
const MessageRefRequest = z.object({ conversationId: IdSchema, messageId: IdSchema });
const TransferRef = z.object({ transferId: IdSchema });

/**
 * A conversation as the list shows it. From ConversationSchema it has the read state as this
 * device knows it: `readSeq` (ours), `unreadCount` (messages after it from others) and
 * `peerReadSeq` (the other member's marker, for receipts).
 */
export const ConversationSummarySchema = ConversationSchema.extend({
  lastMessage: TimelineMessageSchema.nullable(),
  /** Unread messages that mention the caller (or @all), for the mention marker. */
  unreadMentions: z.number().int().nonnegative().default(0),
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
      inviteCode: z.string().trim().min(1).max(64).optional(),
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
  'users.get': { request: METHODS['users.get'].params, response: METHODS['users.get'].result },
  'account.updateProfile': {
    request: z.object({
      displayName: DisplayNameSchema.optional(),
      /** A staged image (transfers.stage) to upload as the avatar; null removes it. */
      avatarStagingId: IdSchema.nullable().optional(),
    }),
    response: z.object({ user: UserSchema }),
  },
  'account.changePassword': { request: METHODS['auth.changePassword'].params, response: z.object({}) },
  'account.sessions': { request: z.object({}), response: z.object({ sessions: z.array(DeviceSessionSchema) }) },
  'account.revokeSession': { request: z.object({ sessionId: IdSchema }), response: z.object({}) },
  'admin.settings.get': { request: z.object({}), response: z.object({ settings: WorkspaceSettingsSchema }) },
  'admin.settings.update': { request: WorkspaceSettingsSchema.partial(), response: z.object({ settings: WorkspaceSettingsSchema }) },
  'admin.invites.create': { request: METHODS['admin.invites.create'].params, response: METHODS['admin.invites.create'].result },
  'admin.audit.list': {
    request: METHODS['admin.audit.list'].params,
    response: z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().int().positive().nullable() }),
  },
  /** Presence of users (from live events, asked of the server when unknown). */
  'presence.get': {
    request: z.object({ userIds: z.array(IdSchema).min(1).max(500) }),
    response: z.object({ presence: z.array(z.object({ userId: IdSchema, presence: PresenceSchema })) }),
  },
  'conversations.list': {
    request: z.object({}),
    response: z.object({ conversations: z.array(ConversationSummarySchema) }),
  },
  'conversations.openDirect': {
    request: z.object({ userId: IdSchema }),
    response: z.object({ conversation: ConversationSchema }),
  },
  'conversations.get': { request: z.object({ conversationId: IdSchema }), response: z.object({ conversation: ConversationSummarySchema }) },
  'conversations.updateSettings': {
    request: METHODS['conversations.updateSettings'].params,
    response: groupResponse,
  },
  'groups.create': {
    request: z.object({
      title: z.string().trim().min(1).max(LIMITS.maxTitleChars),
      memberIds: z.array(IdSchema).max(LIMITS.maxInvitesPerRequest),
      historyVisible: z.boolean().default(true),
    }),
    response: groupResponse,
  },
  'groups.update': {
    request: z.object({
      conversationId: IdSchema,
      title: z.string().trim().min(1).max(LIMITS.maxTitleChars).optional(),
      /** A staged image to upload as the group avatar; null removes it. */
      avatarStagingId: IdSchema.nullable().optional(),
      announcement: z.string().trim().max(LIMITS.maxAnnouncementChars).optional(),
      allMuted: z.boolean().optional(),
      historyVisible: z.boolean().optional(),
    }),
    response: groupResponse,
  },
  'groups.addMembers': { request: METHODS['groups.addMembers'].params, response: groupResponse },
  'groups.removeMember': { request: METHODS['groups.removeMember'].params, response: groupResponse },
  'groups.setRole': { request: METHODS['groups.setRole'].params, response: groupResponse },
  'groups.transferOwnership': { request: METHODS['groups.transferOwnership'].params, response: groupResponse },
  'groups.muteMember': { request: METHODS['groups.muteMember'].params, response: groupResponse },
  'groups.leave': { request: z.object({ conversationId: IdSchema }), response: z.object({}) },
  'groups.dissolve': { request: z.object({ conversationId: IdSchema }), response: z.object({}) },
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
  /**
   * Writes a message to the outbox (durable at once, sent when online). With `stagingId` the staged
   * file is uploaded first (a transfer) and sent as an image/file/audio/video message with `text`
   * as its caption; without, `text` must not be blank.
   */
  'messages.send': {
    request: z
      .object({
        conversationId: IdSchema,
        text: MessageTextSchema,
        mentions: z.array(IdSchema).max(LIMITS.maxMentions).default([]),
        mentionsAll: z.boolean().default(false),
        replyToMessageId: IdSchema.optional(),
        stagingId: IdSchema.optional(),
      })
      .refine((r) => r.stagingId !== undefined || r.text.trim().length > 0, 'message is empty'),
    response: z.object({ message: TimelineMessageSchema }),
  },
  'messages.edit': {
    request: MessageRefRequest.extend({
      text: MessageTextSchema,
      mentions: z.array(IdSchema).max(LIMITS.maxMentions).default([]),
      mentionsAll: z.boolean().default(false),
    }),
    response: z.object({ message: TimelineMessageSchema }),
  },
  'messages.recall': { request: MessageRefRequest, response: z.object({ message: TimelineMessageSchema }) },
  /** Delete for me (all of my devices). */
  'messages.hide': { request: MessageRefRequest, response: z.object({}) },
  'messages.react': {
    request: MessageRefRequest.extend({ emoji: z.string().min(1).max(32), on: z.boolean() }),
    response: z.object({ message: TimelineMessageSchema }),
  },
  'messages.forward': {
    request: MessageRefRequest.extend({ targetConversationIds: z.array(IdSchema).min(1).max(LIMITS.maxForwardTargets) }),
    response: z.object({}),
  },
  /** Says the user is typing in a conversation (the core renews and expires it). */
  'typing.set': { request: z.object({ conversationId: IdSchema, typing: z.boolean() }), response: z.object({}) },
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
  /** The server's full-text search (needs a connection): history this device has not cached too. */
  'search.server': {
    request: METHODS['messages.search'].params.omit({ limit: true }).extend({ limit: z.number().int().min(1).max(50).default(20) }),
    response: z.object({ results: z.array(SearchHitSchema), nextBefore: METHODS['messages.search'].result.shape.nextBefore }),
  },
  'transfers.list': { request: z.object({}), response: z.object({ transfers: z.array(TransferSchema) }) },
  /**
   * Copies a local file into main's staging area, chunk by chunk in order (offset 0 first, no
   * `stagingId`; then the returned id). Nothing is uploaded until a message or avatar uses it.
   */
  'transfers.stage': {
    request: z.object({
      stagingId: IdSchema.optional(),
      name: z.string().min(1).max(1000),
      contentType: z.union([ContentTypeSchema, z.literal('')]),
      size: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      /** At most STAGE_CHUNK_BYTES, base64. */
      chunkBase64: z.string().max(Math.ceil(STAGE_CHUNK_BYTES / 3) * 4 + 4),
      last: z.boolean(),
    }),
    response: z.object({ stagingId: IdSchema }),
  },
  /** Downloads a message's file into the user's Downloads folder. */
  'transfers.download': { request: MessageRefRequest, response: z.object({ transfer: TransferSchema }) },
  'transfers.cancel': { request: TransferRef, response: z.object({}) },
  'transfers.retry': { request: TransferRef, response: z.object({}) },
  /** Forgets a finished, failed or cancelled transfer (the downloaded file stays). */
  'transfers.remove': { request: TransferRef, response: z.object({}) },
  'transfers.open': { request: TransferRef, response: z.object({}) },
  'transfers.showInFolder': { request: TransferRef, response: z.object({}) },
  /** Starts an OS drag of a downloaded file out of the window (Electron; the shell says `app.unsupported`). */
  'transfers.startDrag': { request: TransferRef, response: z.object({}) },
  /**
   * A URL the renderer may put in img/audio/video `src` for a file it can see: main fetches and
   * caches the bytes (media cache, evicted first under the size budget).
   */
  'media.url': {
    request: z.object({ fileId: IdSchema, variant: z.enum(['original', 'thumbnail']) }),
    response: z.object({ url: z.string().max(2000) }),
  },
  'settings.get': { request: z.object({}), response: AppSettingsSchema },
  'settings.update': {
    request: z.object({
      notifications: AppSettingsSchema.shape.notifications.partial().optional(),
      startAtLogin: z.boolean().optional(),
      closeToTray: z.boolean().optional(),
    }),
    response: AppSettingsSchema,
  },
  /** What the user is looking at, so notifications skip the conversation in view. */
  'app.setView': { request: z.object({ conversationId: IdSchema.nullable(), focused: z.boolean() }), response: z.object({}) },
  /** Opens an http(s) link in the system browser (never inside the app). */
  'app.openExternal': { request: z.object({ url: z.string().url().max(2000).refine((u) => /^https?:\/\//i.test(u), 'http(s) only') }), response: z.object({}) },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export const EVENT_CHANNELS = {
  'connection.changed': ConnectionStateSchema,
  'session.changed': SessionStateSchema,
  'conversations.changed': z.object({}),
  'messages.changed': z.object({ conversationId: IdSchema }),
  'transfers.changed': z.object({ transfer: TransferSchema }),
  'typing.changed': z.object({ conversationId: IdSchema, userIds: z.array(IdSchema) }),
  'presence.changed': z.object({ userId: IdSchema, presence: PresenceSchema }),
  'users.changed': z.object({ user: UserSchema }),
  'settings.changed': AppSettingsSchema,
  /** Open this conversation (a notification was clicked, a magpie:// link was opened). */
  'app.navigate': z.object({ conversationId: IdSchema, seq: z.number().int().positive().optional() }),
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
