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
});
export type User = z.infer<typeof UserSchema>;

export const ConversationKindSchema = z.enum(['direct']);

export const ConversationSchema = z.object({
  id: IdSchema,
  kind: ConversationKindSchema,
  members: z.array(UserSchema).min(1),
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

export const MessageSchema = z.object({
  id: IdSchema,
  conversationId: IdSchema,
  /** Gap-free per conversation, assigned by the server in the order it accepted messages. */
  seq: z.number().int().positive(),
  clientId: ClientIdSchema,
  senderId: IdSchema,
  kind: z.literal('text'),
  text: MessageTextSchema,
  createdAt: z.number().int().nonnegative(),
});
export type Message = z.infer<typeof MessageSchema>;

export const SessionSchema = z.object({
  token: z.string().min(20).max(200),
  user: UserSchema,
});
export type Session = z.infer<typeof SessionSchema>;

/** Where a client stands in one conversation: it holds every message with `seq <= seq`. */
export const SyncCursorSchema = z.object({
  conversationId: IdSchema,
  seq: z.number().int().nonnegative(),
});
export type SyncCursor = z.infer<typeof SyncCursorSchema>;
