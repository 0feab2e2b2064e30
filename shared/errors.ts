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
  'user.not_found',
  'conversation.not_found',
  'conversation.forbidden',
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
  'cache.unavailable',
  'cache.failed',
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
