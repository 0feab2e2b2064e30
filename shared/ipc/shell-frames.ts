import { z } from 'zod';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, InvokeEnvelopeSchema } from './contract';

/**
 * How the browser shell carries the IPC contract over its local WebSocket: the same channels and
 * payloads as Electron IPC, wrapped with a request id. Nothing else travels on that socket.
 */
export const ShellInvokeFrameSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.enum(INVOKE_CHANNEL_NAMES),
  request: z.unknown(),
});
export type ShellInvokeFrame = z.infer<typeof ShellInvokeFrameSchema>;

export const ShellReplyFrameSchema = z.object({
  type: z.literal('reply'),
  id: z.number().int().nonnegative(),
  envelope: InvokeEnvelopeSchema,
});
export type ShellReplyFrame = z.infer<typeof ShellReplyFrameSchema>;

export const ShellEventFrameSchema = z.object({
  type: z.literal('event'),
  event: z.enum(EVENT_CHANNEL_NAMES),
  payload: z.unknown(),
});
export type ShellEventFrame = z.infer<typeof ShellEventFrameSchema>;

export const ShellServerFrameSchema = z.discriminatedUnion('type', [ShellReplyFrameSchema, ShellEventFrameSchema]);

/** Paths the shell serves; the token rides in the query string of the socket URL. */
export const SHELL_PATHS = {
  bridgeSocket: '/_magpie/bridge',
  cacheSocket: '/_magpie/cache',
  bridgeScript: '/_magpie/shell-bridge.js',
  cacheHostPage: '/cache-host/',
} as const;
