import { z } from 'zod';
import { ErrorShapeSchema } from '../errors';
import { ConversationSchema, IdSchema, MessageSchema, PresenceSchema, UserSchema } from './entities';
import { METHOD_NAMES } from './methods';

/** Bumped on any change an older peer would misread. The server refuses other versions. */
export const PROTOCOL_VERSION = 2;

const VersionSchema = z.number().int();
const RequestIdSchema = z.string().min(1).max(64);

export const RequestFrameSchema = z.object({
  v: VersionSchema,
  type: z.literal('request'),
  id: RequestIdSchema,
  method: z.enum(METHOD_NAMES),
  params: z.unknown(),
});
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

export const ClientFrameSchema = z.discriminatedUnion('type', [RequestFrameSchema]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const ReplyFrameSchema = z.discriminatedUnion('ok', [
  z.object({ v: VersionSchema, type: z.literal('reply'), id: RequestIdSchema, ok: z.literal(true), result: z.unknown() }),
  z.object({ v: VersionSchema, type: z.literal('reply'), id: RequestIdSchema, ok: z.literal(false), error: ErrorShapeSchema }),
]);
export type ReplyFrame = z.infer<typeof ReplyFrameSchema>;

export const ServerEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('message.new'), data: z.object({ message: MessageSchema }) }),
  /** An existing message changed: edited, recalled (a tombstone), reactions. Its current state. */
  z.object({ event: z.literal('message.updated'), data: z.object({ message: MessageSchema }) }),
  /** The caller hid a message on another device (delete for me). */
  z.object({ event: z.literal('message.hidden'), data: z.object({ conversationId: IdSchema, messageId: IdSchema }) }),
  /** The conversation as this caller now sees it (members, roles, title, settings, state `left`...). */
  z.object({ event: z.literal('conversation.updated'), data: z.object({ conversation: ConversationSchema }) }),
  /** A member started or stopped typing; `typing` lapses by itself after LIMITS.typingTtlMs. */
  z.object({
    event: z.literal('typing'),
    data: z.object({ conversationId: IdSchema, userId: IdSchema, typing: z.boolean() }),
  }),
  z.object({ event: z.literal('presence.changed'), data: z.object({ userId: IdSchema, presence: PresenceSchema }) }),
  /** A user who shares a conversation with the caller changed their profile. */
  z.object({ event: z.literal('user.updated'), data: z.object({ user: UserSchema }) }),
  /** A member's read marker moved: their other devices follow, the peer shows a receipt. */
  z.object({
    event: z.literal('conversation.read'),
    data: z.object({ conversationId: IdSchema, userId: IdSchema, readSeq: z.number().int().nonnegative() }),
  }),
  /** The session behind this socket was ended (signed out elsewhere or revoked). */
  z.object({ event: z.literal('session.ended'), data: z.object({}) }),
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;

export const EventFrameSchema = z.intersection(
  z.object({ v: VersionSchema, type: z.literal('event') }),
  ServerEventSchema,
);
export type EventFrame = z.infer<typeof EventFrameSchema>;

/** A frame-level failure that answers no request (malformed frame, wrong version). */
export const FaultFrameSchema = z.object({
  v: VersionSchema,
  type: z.literal('fault'),
  error: ErrorShapeSchema,
  /** The server's own protocol version, so the client can say "please update". */
  serverVersion: z.number().int(),
});
export type FaultFrame = z.infer<typeof FaultFrameSchema>;

export const ServerFrameSchema = z.union([ReplyFrameSchema, EventFrameSchema, FaultFrameSchema]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
