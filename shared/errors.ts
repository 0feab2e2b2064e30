import { z } from 'zod';

/**
 * Every failure that crosses a boundary (socket, bridge, cache host) is one of these codes, so the
 * UI can translate it and tests can assert on it. Messages are for logs; codes are for people.
 */
export const ERROR_CODES = [
  'protocol.malformed',
  'protocol.version_unsupported',
  'protocol.frame_too_large',
  'protocol.unknown_method',
  'validation.invalid',
  'auth.required',
  'auth.invalid_credentials',
  'auth.username_taken',
  'auth.session_invalid',
  'auth.signup_closed',
  'auth.invite_invalid',
  'auth.wrong_password',
  'auth.admin_required',
  'session.not_found',
  'user.not_found',
  'conversation.not_found',
  'conversation.forbidden',
  /** A group operation on a direct conversation. */
  'conversation.not_group',
  /** The caller's role does not allow this (details.required: the lowest role that does). */
  'conversation.role_required',
  /** The caller left, was removed, or the group was dissolved. */
  'conversation.inactive',
  /** The caller (or everyone but admins) is muted in this group. */
  'conversation.muted',
  'conversation.too_many_members',
  /** The owner must transfer ownership before leaving. */
  'conversation.owner_must_transfer',
  'message.not_found',
  /** Editing someone else's message, a system message, or a recalled one. */
  'message.not_editable',
  /** The sender's recall window has passed (details.windowMs). */
  'message.recall_expired',
  'message.invalid_attachment',
  'message.too_many_reactions',
  /** The change feed no longer reaches back to the client's cursor: start over with sync.bootstrap. */
  'sync.cursor_expired',
  'file.not_found',
  'file.too_large',
  'file.type_not_allowed',
  'file.hash_mismatch',
  'message.too_long',
  'message.empty',
  'rate.limited',
  'server.unavailable',
  'server.internal',
  'client.offline',
  'client.timeout',
  'ipc.invalid_request',
  'ipc.forbidden_sender',
  'ipc.unknown_channel',
  /** This shell cannot do that (e.g. dragging a file out of the browser shell). */
  'app.unsupported',
  'cache.unavailable',
  'cache.failed',
  'transfer.not_found',
  'transfer.failed',
  'transfer.source_unreadable',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorShapeSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string().max(2000),
  /** Extra facts the UI may show, such as `retryAfterMs` or the server's protocol version. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ErrorShape = z.infer<typeof ErrorShapeSchema>;

export class MagpieError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorShape['details'];

  constructor(code: ErrorCode, message: string, details?: ErrorShape['details']) {
    super(message);
    this.name = 'MagpieError';
    this.code = code;
    this.details = details;
  }

  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromShape(shape: ErrorShape): MagpieError {
    return new MagpieError(shape.code, shape.message, shape.details);
  }
}

/** Turns anything thrown into a shape safe to send: unknown errors never leak their stack or text. */
export function toErrorShape(error: unknown, fallback: ErrorCode = 'server.internal'): ErrorShape {
  if (error instanceof MagpieError) return error.toShape();
  return { code: fallback, message: 'Unexpected error' };
}

export function isMagpieError(error: unknown, code?: ErrorCode): error is MagpieError {
  return error instanceof MagpieError && (code === undefined || error.code === code);
}
