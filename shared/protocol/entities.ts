import { z } from 'zod';
import { LIMITS } from '../limits';

export const IdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'id: letters, digits, _ and - only');
/** Client-generated message id: the idempotency key that makes a resend never duplicate. */
export const ClientIdSchema = IdSchema;

export const UsernameSchema = z
  .string()
  .min(2)
  .max(LIMITS.maxUsernameChars)
  .regex(/^[a-z0-9._-]+$/, 'username: lower-case letters, digits, dot, dash and underscore');
export const PasswordSchema = z.string().min(LIMITS.minPasswordChars).max(LIMITS.maxPasswordChars);
export const DisplayNameSchema = z.string().trim().min(1).max(LIMITS.maxDisplayNameChars);

export const UserSchema = z.object({
  id: IdSchema,
  username: UsernameSchema,
  displayName: z.string().max(LIMITS.maxDisplayNameChars),
  /** An uploaded image file (see FileInfo); null shows initials. */
  avatarFileId: IdSchema.nullable().default(null),
  /** Workspace administrator: may change workspace settings, create invites, read the audit log. */
  isAdmin: z.boolean().default(false),
});
export type User = z.infer<typeof UserSchema>;

export const ConversationKindSchema = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKindSchema>;

/** A member's role in a group. Direct conversations have two `member`s. */
export const MemberRoleSchema = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof MemberRoleSchema>;

export const MemberSchema = UserSchema.extend({
  role: MemberRoleSchema.default('member'),
  /** Silenced by a group admin: may read but not send. */
  muted: z.boolean().default(false),
});
export type Member = z.infer<typeof MemberSchema>;

/** The caller's own settings for one conversation; other members never see them. */
export const MemberSettingsSchema = z.object({
  /** No notifications (the badge still counts). */
  muted: z.boolean().default(false),
  pinned: z.boolean().default(false),
});
export type MemberSettings = z.infer<typeof MemberSettingsSchema>;

/**
 * Where the caller stands: `active` members read and write; `left` (left or removed) and
 * `dissolved` keep what they already hold, read-only, and get nothing new.
 */
export const MembershipStateSchema = z.enum(['active', 'left', 'dissolved']);
export type MembershipState = z.infer<typeof MembershipStateSchema>;

/**
 * A place in the server's change feed: every change a client may need to apply (a new message,
 * an edit, a recall, a reaction, a member or settings change, a read marker) gets the next one.
 * A client holds one per account (`sync.catchUp`). Opaque beyond "larger is later".
 */
export const FeedPositionSchema = z.number().int().nonnegative();

export const ConversationSchema = z.object({
  id: IdSchema,
  kind: ConversationKindSchema,
  /** Every current member (at most LIMITS.maxGroupMembers); empty once dissolved. */
  members: z.array(MemberSchema),
  /** Groups: the name members gave it. Direct: '' (the UI shows the peer's name). */
  title: z.string().max(LIMITS.maxTitleChars).default(''),
  avatarFileId: IdSchema.nullable().default(null),
  /** Groups: pinned notice shown at the top of the chat ('' for none). */
  announcement: z.string().max(LIMITS.maxAnnouncementChars).default(''),
  /** Groups: only the owner and admins may send. */
  allMuted: z.boolean().default(false),
  /** Groups: whether members who join later see messages sent before they joined. */
  historyVisible: z.boolean().default(true),
  /** Per caller: see MembershipStateSchema. */
  state: MembershipStateSchema.default('active'),
  /** Per caller: messages with seq <= this are hidden from them (joined later, history not visible). */
  visibleFromSeq: z.number().int().nonnegative().default(0),
  /** Per caller. */
  settings: MemberSettingsSchema.default({ muted: false, pinned: false }),
  /** The feed position of this conversation's last change as the caller sees it. */
  rev: FeedPositionSchema.default(0),
  /** Highest `seq` the server has assigned in this conversation (0 when empty). */
  lastSeq: z.number().int().nonnegative(),
  createdAt: z.number().int().nonnegative(),
  /**
   * The caller's own read marker: the highest seq they have read. Sending moves it to the sent
   * message, so every message of the caller's own is at or below it. Per caller: two members of
   * one conversation see different values. Absent from older servers, hence the defaults.
   */
  readSeq: z.number().int().nonnegative().default(0),
  /** Messages after `readSeq` not sent by the caller (`lastSeq - readSeq`, see above). */
  unreadCount: z.number().int().nonnegative().default(0),
  /** Direct conversations: the other member's read marker (read receipts); 0 otherwise. */
  peerReadSeq: z.number().int().nonnegative().default(0),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export const MessageTextSchema = z.string().max(LIMITS.maxMessageChars);

/**
 * What a message is. `text` may carry mentions and light markdown (**bold**, _italic_, `code`,
 * ```blocks```, > quotes, links); `image`/`file`/`audio`/`video` carry an attachment and an
 * optional caption in `text`; `card` is structured content a plugin posts; `system` records a
 * group event (member joined, renamed...) and is written by the server only.
 */
export const MessageKindSchema = z.enum(['text', 'image', 'file', 'audio', 'video', 'card', 'system']);
export type MessageKind = z.infer<typeof MessageKindSchema>;
export const ATTACHMENT_KINDS = ['image', 'file', 'audio', 'video'] as const;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
export const ContentTypeSchema = z.string().min(3).max(127).regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i);

/** An uploaded file as the server recorded it: the server measured every field, not the sender. */
export const FileInfoSchema = z.object({
  id: IdSchema,
  /** Safe for any file system: no separators, no control characters, at most 255 UTF-8 bytes. */
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  /** Detected from the bytes where the format is known, else the declared type if allowed. */
  contentType: ContentTypeSchema,
  sha256: Sha256Schema,
  /** Images (and video, where known): pixel size. */
  width: z.number().int().positive().nullable().default(null),
  height: z.number().int().positive().nullable().default(null),
  /** Audio and video: length, when the sender measured it (advisory). */
  durationMs: z.number().int().nonnegative().nullable().default(null),
  /** Images: a JPEG/PNG/WebP preview at most 320 px on its long side, when one was made. */
  thumbnailFileId: IdSchema.nullable().default(null),
});
export type FileInfo = z.infer<typeof FileInfoSchema>;

/** Structured content from a plugin (or a forwarded card). Rendered, never executed. */
export const CardSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(2000).default(''),
  fields: z.array(z.object({ label: z.string().min(1).max(100), value: z.string().max(500) })).max(20).default([]),
  /** Links only (https), opened in the system browser. */
  actions: z.array(z.object({ label: z.string().min(1).max(60), url: z.string().url().max(2000) })).max(5).default([]),
  /** The plugin that posted it, when one did. */
  pluginId: IdSchema.nullable().default(null),
});
export type Card = z.infer<typeof CardSchema>;

export const SystemEventTypeSchema = z.enum([
  'group.created',
  'member.joined', // invited by actor (targets: who joined)
  'member.left',
  'member.removed', // by actor (targets)
  'member.role_changed', // value: the new role (targets)
  'member.muted', // targets; value 'true' | 'false'
  'owner.transferred', // targets: the new owner
  'group.renamed', // value: the new title
  'group.avatar_changed',
  'group.announcement_changed', // value: the announcement
  'group.all_muted', // value 'true' | 'false'
  'group.history_visibility_changed', // value 'true' | 'false'
  'group.dissolved',
]);
export type SystemEventType = z.infer<typeof SystemEventTypeSchema>;

export const SystemEventSchema = z.object({
  type: SystemEventTypeSchema,
  actorId: IdSchema,
  targetIds: z.array(IdSchema).max(LIMITS.maxGroupMembers).default([]),
  value: z.string().max(LIMITS.maxAnnouncementChars).default(''),
});
export type SystemEvent = z.infer<typeof SystemEventSchema>;

/** What a reply shows of the message it answers, frozen at send time (a recall blanks it). */
export const ReplyRefSchema = z.object({
  messageId: IdSchema,
  seq: z.number().int().positive(),
  senderId: IdSchema,
  kind: MessageKindSchema,
  /** The first LIMITS.maxReplyPreviewChars of the text (or the file name); '' once recalled. */
  preview: z.string().max(LIMITS.maxReplyPreviewChars),
});
export type ReplyRef = z.infer<typeof ReplyRefSchema>;

/** Where a forwarded message came from (the original sender and time; not the source conversation). */
export const ForwardRefSchema = z.object({ senderId: IdSchema, senderName: z.string().max(LIMITS.maxDisplayNameChars), createdAt: z.number().int().nonnegative() });
export type ForwardRef = z.infer<typeof ForwardRefSchema>;

export const ReactionSchema = z.object({
  /** One emoji (a grapheme of at most 32 code units). */
  emoji: z.string().min(1).max(32),
  userIds: z.array(IdSchema).min(1),
});
export type Reaction = z.infer<typeof ReactionSchema>;

export const RecallSchema = z.object({ by: IdSchema, at: z.number().int().nonnegative() });

export const MessageSchema = z.object({
  id: IdSchema,
  conversationId: IdSchema,
  /** Gap-free per conversation, assigned by the server in the order it accepted messages. */
  seq: z.number().int().positive(),
  clientId: ClientIdSchema,
  /** For `system` messages: the member who caused the event. */
  senderId: IdSchema,
  kind: MessageKindSchema.default('text'),
  /** Text, or the caption of an attachment; '' for system messages and recalled ones. */
  text: MessageTextSchema,
  createdAt: z.number().int().nonnegative(),
  /** Members mentioned with @ (ids, resolved by the sender's client and checked by the server). */
  mentions: z.array(IdSchema).max(LIMITS.maxMentions).default([]),
  /** `@all` / `@所有人`: only group owners and admins may use it. */
  mentionsAll: z.boolean().default(false),
  attachment: FileInfoSchema.nullable().default(null),
  card: CardSchema.nullable().default(null),
  system: SystemEventSchema.nullable().default(null),
  replyTo: ReplyRefSchema.nullable().default(null),
  forwardedFrom: ForwardRefSchema.nullable().default(null),
  /** Set by an edit; the text is the edited one. */
  editedAt: z.number().int().nonnegative().nullable().default(null),
  /**
   * A tombstone: the message was recalled. Text, attachment, card, mentions, reply preview and
   * reactions are gone everywhere (server, caches, search); only who and when remain.
   */
  recalled: RecallSchema.nullable().default(null),
  /** Grouped by emoji, in the order each emoji was first used. */
  reactions: z.array(ReactionSchema).max(LIMITS.maxDistinctReactions).default([]),
  /** The feed position of this message's last change (its creation, an edit, a recall, a reaction). */
  rev: FeedPositionSchema.default(0),
});
export type Message = z.infer<typeof MessageSchema>;

export const SessionSchema = z.object({
  token: z.string().min(20).max(200),
  user: UserSchema,
});
export type Session = z.infer<typeof SessionSchema>;

/** One signed-in device of the caller (sessions.list); never the token. */
export const DeviceSessionSchema = z.object({
  id: IdSchema,
  /** What the client called itself at sign-in ("Magpie on Windows", "Browser shell on Linux"). */
  deviceName: z.string().max(LIMITS.maxDeviceNameChars),
  createdAt: z.number().int().nonnegative(),
  lastSeenAt: z.number().int().nonnegative(),
  /** The session this request came through. */
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof DeviceSessionSchema>;

export const PresenceSchema = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof PresenceSchema>;

/** Where a client stands in one conversation: it holds every message with `seq <= seq`. */
export const SyncCursorSchema = z.object({
  conversationId: IdSchema,
  seq: z.number().int().nonnegative(),
});
export type SyncCursor = z.infer<typeof SyncCursorSchema>;
