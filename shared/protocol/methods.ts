import { z } from 'zod';
import { LIMITS } from '../limits';
import {
  CardSchema,
  ClientIdSchema,
  ConversationSchema,
  DeviceSessionSchema,
  DisplayNameSchema,
  FeedPositionSchema,
  IdSchema,
  MessageSchema,
  MessageTextSchema,
  PasswordSchema,
  PresenceSchema,
  SessionSchema,
  UserSchema,
  UsernameSchema,
} from './entities';

const DeviceNameSchema = z.string().trim().max(LIMITS.maxDeviceNameChars).default('');
const TitleSchema = z.string().trim().min(1).max(LIMITS.maxTitleChars);
const UserIdsSchema = z.array(IdSchema).min(1).max(LIMITS.maxInvitesPerRequest);
const MentionFields = {
  /** Members mentioned (the server drops ids that are not members). */
  mentions: z.array(IdSchema).max(LIMITS.maxMentions).default([]),
  mentionsAll: z.boolean().default(false),
};
const GroupResult = z.object({ conversation: ConversationSchema });

/** Workspace-wide settings an admin may change. */
export const WorkspaceSettingsSchema = z.object({
  /** `open`: anyone who reaches the server may sign up; `invite`: an invite code is needed; `closed`: nobody. */
  signup: z.enum(['open', 'invite', 'closed']),
  /** How long senders may recall their own messages. */
  recallWindowMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  actorId: IdSchema,
  /** e.g. `workspace.settings`, `invite.create`, `session.revoke`, `group.remove_member`, `group.dissolve`. */
  action: z.string().max(64),
  targetId: z.string().max(64).nullable(),
  detail: z.string().max(500),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

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
    params: z.object({
      username: UsernameSchema,
      password: PasswordSchema,
      displayName: DisplayNameSchema,
      /** Needed when the workspace's signup is `invite` (else ignored). */
      inviteCode: z.string().min(1).max(64).optional(),
      deviceName: DeviceNameSchema,
    }),
    result: z.object({ session: SessionSchema }),
  },
  'auth.signIn': {
    params: z.object({
      username: z.string().min(1).max(LIMITS.maxUsernameChars),
      password: z.string().min(1).max(LIMITS.maxPasswordChars),
      deviceName: DeviceNameSchema,
    }),
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
  /** Checks the current password, sets the new one and ends every other session of the caller. */
  'auth.changePassword': {
    params: z.object({ currentPassword: z.string().min(1).max(LIMITS.maxPasswordChars), newPassword: PasswordSchema }),
    result: z.object({}),
  },
  /** The caller's signed-in devices, newest activity first. */
  'sessions.list': { params: z.object({}), result: z.object({ sessions: z.array(DeviceSessionSchema) }) },
  /** Ends one of the caller's sessions (its sockets get `session.ended`). Not the current one: use auth.signOut. */
  'sessions.revoke': { params: z.object({ sessionId: IdSchema }), result: z.object({}) },
  /** The caller's profile. `avatarFileId` must be an image the caller uploaded; null removes it. */
  'profile.update': {
    params: z.object({ displayName: DisplayNameSchema.optional(), avatarFileId: IdSchema.nullable().optional() }),
    result: z.object({ user: UserSchema }),
  },
  /** Users by id (senders no longer in a conversation, forwarded authors). Unknown ids are left out. */
  'users.get': { params: z.object({ ids: z.array(IdSchema).min(1).max(200) }), result: z.object({ users: z.array(UserSchema) }) },
  'users.search': {
    params: z.object({ query: z.string().max(64), limit: z.number().int().min(1).max(50).default(20) }),
    result: z.object({ users: z.array(UserSchema) }),
  },
  'conversations.list': {
    params: z.object({}),
    result: z.object({ conversations: z.array(ConversationSchema) }),
  },
  /** One conversation as the caller sees it; also for one they left (state `left`). */
  'conversations.get': { params: z.object({ conversationId: IdSchema }), result: z.object({ conversation: ConversationSchema }) },
  /** The caller's own settings for a conversation (mute notifications, pin). */
  'conversations.updateSettings': {
    params: z.object({ conversationId: IdSchema, muted: z.boolean().optional(), pinned: z.boolean().optional() }),
    result: z.object({ conversation: ConversationSchema }),
  },
  /** A group with the caller as owner and `memberIds` as members (the caller need not be listed). */
  'groups.create': {
    params: z.object({ title: TitleSchema, memberIds: z.array(IdSchema).max(LIMITS.maxInvitesPerRequest), historyVisible: z.boolean().default(true) }),
    result: GroupResult,
  },
  /** Owner and admins. Each changed field writes a system message. */
  'groups.update': {
    params: z.object({
      conversationId: IdSchema,
      title: TitleSchema.optional(),
      avatarFileId: IdSchema.nullable().optional(),
      announcement: z.string().trim().max(LIMITS.maxAnnouncementChars).optional(),
      allMuted: z.boolean().optional(),
      historyVisible: z.boolean().optional(),
    }),
    result: GroupResult,
  },
  /** Any active member may invite. Users already members are skipped. */
  'groups.addMembers': { params: z.object({ conversationId: IdSchema, userIds: UserIdsSchema }), result: GroupResult },
  /** Owner removes anyone else; admins remove plain members. */
  'groups.removeMember': { params: z.object({ conversationId: IdSchema, userId: IdSchema }), result: GroupResult },
  /** Owner only: make a member admin or an admin member. */
  'groups.setRole': { params: z.object({ conversationId: IdSchema, userId: IdSchema, role: z.enum(['admin', 'member']) }), result: GroupResult },
  /** Owner only: the target becomes owner, the caller becomes admin. */
  'groups.transferOwnership': { params: z.object({ conversationId: IdSchema, userId: IdSchema }), result: GroupResult },
  /** Owner mutes anyone else; admins mute plain members. */
  'groups.muteMember': { params: z.object({ conversationId: IdSchema, userId: IdSchema, muted: z.boolean() }), result: GroupResult },
  /** Any member but the owner (`conversation.owner_must_transfer`). */
  'groups.leave': { params: z.object({ conversationId: IdSchema }), result: z.object({}) },
  /** Owner only. Members keep what they hold, read-only. */
  'groups.dissolve': { params: z.object({ conversationId: IdSchema }), result: z.object({}) },
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
  /**
   * Sends a message. `text` kind needs non-blank text; attachment kinds need `fileId` (a file the
   * caller uploaded or can already read; the server fills in FileInfo); `card` needs `card`.
   * A resend with the same clientId returns the stored message.
   */
  'messages.send': {
    params: z.object({
      conversationId: IdSchema,
      clientId: ClientIdSchema,
      kind: z.enum(['text', 'image', 'file', 'audio', 'video', 'card']).default('text'),
      text: MessageTextSchema,
      ...MentionFields,
      fileId: IdSchema.optional(),
      durationMs: z.number().int().nonnegative().optional(),
      card: CardSchema.optional(),
      /** A message of the same conversation, visible to the caller. */
      replyToMessageId: IdSchema.optional(),
    }),
    result: z.object({ message: MessageSchema }),
  },
  /** The sender edits the text of their own text message (or caption); marks it edited. */
  'messages.edit': {
    params: z.object({ messageId: IdSchema, text: MessageTextSchema, ...MentionFields }),
    result: z.object({ message: MessageSchema }),
  },
  /**
   * Replaces a message by a tombstone everywhere. The sender within the workspace's recall window
   * (`message.recall_expired` after), group owners and admins at any time. Recalling again is a no-op.
   */
  'messages.recall': { params: z.object({ messageId: IdSchema }), result: z.object({ message: MessageSchema }) },
  /** Delete for me: hides the message from the caller's devices only. */
  'messages.hide': { params: z.object({ messageId: IdSchema }), result: z.object({}) },
  /** Adds (`on: true`) or removes the caller's reaction. */
  'messages.react': {
    params: z.object({ messageId: IdSchema, emoji: z.string().min(1).max(32), on: z.boolean() }),
    result: z.object({ message: MessageSchema }),
  },
  /** Sends a copy of a message the caller can see into other conversations (one clientId each). */
  'messages.forward': {
    params: z.object({
      messageId: IdSchema,
      targets: z.array(z.object({ conversationId: IdSchema, clientId: ClientIdSchema })).min(1).max(LIMITS.maxForwardTargets),
    }),
    result: z.object({ messages: z.array(MessageSchema) }),
  },
  /** Older history, newest first from `beforeSeq` (message roaming). */
  'messages.history': {
    params: z.object({ conversationId: IdSchema, beforeSeq: z.number().int().positive().optional(), limit: PageSizeSchema }),
    result: z.object({ messages: z.array(MessageSchema), hasMore: z.boolean() }),
  },
  /**
   * A new device's start (or a restart after `sync.cursor_expired`): the caller's conversations in
   * pages of at most 100 (ordered by id; pass `next` as `after`), each with its newest `recent`
   * messages (older ones come from messages.history when scrolled to: message roaming). `head`
   * is the feed position this page was read at: keep the FIRST page's and catch up from it.
   */
  'sync.bootstrap': {
    params: z.object({ after: IdSchema.optional(), recent: z.number().int().min(0).max(50).default(20) }),
    result: z.object({
      head: FeedPositionSchema,
      conversations: z.array(ConversationSchema),
      messages: z.array(MessageSchema),
      next: IdSchema.nullable(),
    }),
  },
  /**
   * Everything that changed for the caller after feed position `after`, in feed order, one page:
   * conversations whose state changed (as the caller sees them, including `left`/`dissolved`),
   * messages new or changed (their current state: edits, recalls, reactions) in conversations the
   * caller can see, and messages the caller hid on another device. Pass `cursor` next time;
   * when `hasMore` is false the caller is up to date. A cursor older than the server keeps
   * changes for gets `sync.cursor_expired`.
   */
  'sync.catchUp': {
    params: z.object({ after: FeedPositionSchema, limit: PageSizeSchema }),
    result: z.object({
      conversations: z.array(ConversationSchema),
      messages: z.array(MessageSchema),
      hidden: z.array(z.object({ conversationId: IdSchema, messageId: IdSchema })),
      cursor: FeedPositionSchema,
      hasMore: z.boolean(),
    }),
  },
  /** Tells the conversation's other members the caller is typing (renew every few seconds) or stopped. */
  'typing.set': { params: z.object({ conversationId: IdSchema, typing: z.boolean() }), result: z.object({}) },
  /** The caller says they are idle (`away`) or back (`online`); offline is when no socket is left. */
  'presence.set': { params: z.object({ presence: z.enum(['online', 'away']) }), result: z.object({}) },
  /** Presence of users who share a conversation with the caller (others are reported `offline`). */
  'presence.query': {
    params: z.object({ userIds: z.array(IdSchema).min(1).max(500) }),
    result: z.object({ presence: z.array(z.object({ userId: IdSchema, presence: PresenceSchema })) }),
  },
  /** Workspace admins only. */
  'admin.settings.get': { params: z.object({}), result: z.object({ settings: WorkspaceSettingsSchema }) },
  'admin.settings.update': { params: WorkspaceSettingsSchema.partial(), result: z.object({ settings: WorkspaceSettingsSchema }) },
  /** A single-use invite code for signup `invite`. */
  'admin.invites.create': {
    params: z.object({ expiresInHours: z.number().int().min(1).max(24 * 30).default(72) }),
    result: z.object({ code: z.string(), expiresAt: z.number().int() }),
  },
  /** The audit log of admin operations, newest first. */
  'admin.audit.list': {
    params: z.object({ before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(200).default(50) }),
    result: z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().int().positive().nullable() }),
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
